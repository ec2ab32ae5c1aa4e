//! Three ways to stop workers, and what happens to the work they are doing.
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, mpsc};
use tokio::task::JoinSet;
use tokio::time::sleep;

/// Two workers, each item taking 1 s; stops them the way `how` says, and prints
/// the items that were finished.
async fn run(how: &str) {
    let (tx, rx) = mpsc::channel::<u32>(10);
    let rx = Arc::new(Mutex::new(rx));
    let done = Arc::new(Mutex::new(Vec::new()));
    let mut workers = JoinSet::new();
    for _ in 0..2 {
        let (rx, done) = (rx.clone(), done.clone());
        workers.spawn(async move {
            loop {
                let next = rx.lock().await.recv().await;
                let Some(item) = next else { break };
                sleep(Duration::from_secs(1)).await;
                done.lock().await.push(item);
            }
        });
    }
    for item in 0..5 {
        tx.send(item).await.unwrap();
    }
    sleep(Duration::from_millis(1500)).await; // two items done, two in flight
    match how {
        "abort" => workers.abort_all(),
        "drop the JoinSet" => drop(std::mem::take(&mut workers)),
        _ => drop(tx), // close the queue: workers finish what is queued, then stop
    }
    while workers.join_next().await.is_some() {}
    let done = done.lock().await;
    println!("{how:<18} items finished: {done:?}");
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    run("abort").await;
    run("drop the JoinSet").await;
    run("close the queue").await;
}
