use kata_harness::blocking::{Lab, STEPS};

pub async fn compute_in_steps(lab: Lab) -> u64 {
    tokio::task::spawn_blocking(move || (0..STEPS).fold(0, |acc, i| lab.step(i, acc)))
        .await
        .unwrap()
}
