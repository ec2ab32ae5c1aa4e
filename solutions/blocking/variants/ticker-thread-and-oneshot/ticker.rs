use kata_harness::blocking::Lab;
use tokio::sync::oneshot;

pub async fn compute(lab: Lab) -> u64 {
    let (tx, rx) = oneshot::channel();
    std::thread::spawn(move || {
        let _ = tx.send(lab.heavy());
    });
    rx.await.expect("the computing thread panicked")
}
