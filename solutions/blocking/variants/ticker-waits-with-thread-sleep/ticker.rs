use std::time::Duration;

use kata_harness::blocking::Lab;

pub async fn compute(lab: Lab) -> u64 {
    let handle = tokio::task::spawn_blocking(move || lab.heavy());
    while !handle.is_finished() {
        std::thread::sleep(Duration::from_millis(1));
    }
    handle.await.unwrap()
}
