use kata_harness::blocking::Lab;

pub async fn compute(lab: Lab) -> u64 {
    // A task of its own, so the heartbeat can run beside it.
    tokio::spawn(async move { lab.heavy() }).await.unwrap()
}
