//! Problem 2: a `yield_now().await` after every few steps — asyncio's `await asyncio.sleep(0)` —
//! hands the thread back to the scheduler, which runs whatever is ready (the heartbeat), then
//! comes back. Each stretch between checkpoints must stay short: a few milliseconds.

use kata_harness::blocking::{Lab, STEPS};

/// The computation in steps, with a checkpoint every few steps.
pub async fn compute_in_steps(lab: Lab) -> u64 {
    let mut acc = 0;
    for i in 0..STEPS {
        acc = lab.step(i, acc);
        if i % 4 == 3 {
            tokio::task::yield_now().await;
        }
    }
    acc
}
