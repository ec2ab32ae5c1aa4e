//! Problem 1: `spawn_blocking` moves the computation to the blocking pool (asyncio's
//! `to_thread`/`run_in_executor`); the runtime thread is free to run the heartbeat meanwhile.

use kata_harness::blocking::Lab;

/// The computation, on a thread of the blocking pool.
pub async fn compute(lab: Lab) -> u64 {
    tokio::task::spawn_blocking(move || lab.heavy())
        .await
        .expect("the computation panicked")
}
