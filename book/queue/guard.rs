//! Three consumers, six items of one second each, one shared receiver: the lock taken
//! in a `let` statement, and the same lock taken in a `while let` condition.
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::{Mutex, mpsc};
use tokio::time::{Instant, sleep};

/// How many consumers are working right now, and the most there ever were at once.
#[derive(Default)]
struct Busy {
    now: AtomicUsize,
    most: AtomicUsize,
}

impl Busy {
    async fn work(&self) {
        let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.most.fetch_max(now, Ordering::SeqCst);
        sleep(Duration::from_secs(1)).await;
        self.now.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn run(form: &str) {
    let start = Instant::now();
    let (tx, rx) = mpsc::channel::<u32>(6);
    for item in 0..6 {
        tx.send(item).await.unwrap();
    }
    drop(tx);
    let rx = Arc::new(Mutex::new(rx));
    let busy = Arc::new(Busy::default());
    let mut consumers = Vec::new();
    for _ in 0..3 {
        let (rx, busy) = (rx.clone(), busy.clone());
        let with_let = form == "let";
        consumers.push(tokio::spawn(async move {
            if with_let {
                loop {
                    // The guard is a temporary of this `let`: gone at the `;`.
                    let item = rx.lock().await.recv().await;
                    let Some(_item) = item else { break };
                    busy.work().await;
                }
            } else {
                // The guard is a temporary of the condition: it lives through the body.
                while let Some(_item) = rx.lock().await.recv().await {
                    busy.work().await;
                }
            }
        }));
    }
    for consumer in consumers {
        consumer.await.unwrap();
    }
    println!(
        "{form:<9}  6 items in {:.1} s, at most {} consumer(s) working at once",
        start.elapsed().as_secs_f64(),
        busy.most.load(Ordering::SeqCst)
    );
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    run("let").await;
    run("while let").await;
}
