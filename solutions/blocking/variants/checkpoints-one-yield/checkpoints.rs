use kata_harness::blocking::{Lab, STEPS};

pub async fn compute_in_steps(lab: Lab) -> u64 {
    // Let the heartbeat in before the long part.
    tokio::task::yield_now().await;
    let mut acc = 0;
    for i in 0..STEPS {
        acc = lab.step(i, acc);
    }
    acc
}
