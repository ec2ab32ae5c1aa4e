//! Three consumers share one receiver. tokio's mpsc channel has a single
//! `Receiver`, so they take turns holding it behind an async mutex: each waits
//! for the lock, then for an item, and lets go of both before it starts to work.
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, mpsc};
use tokio::time::{Instant, sleep};

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (tx, rx) = mpsc::channel::<u32>(4);
    let rx = Arc::new(Mutex::new(rx));

    let mut consumers = Vec::new();
    for id in ["a", "b", "c"] {
        let rx = rx.clone();
        consumers.push(tokio::spawn(async move {
            let mut handled = Vec::new();
            loop {
                // In a `let` statement the guard is a temporary, dropped at its `;`:
                // the lock is free again before the work starts.
                let item = rx.lock().await.recv().await;
                let Some(item) = item else { break };
                println!("{:>4.1} s  {id} took {item}", start.elapsed().as_secs_f64());
                sleep(Duration::from_secs(1)).await; // the work
                handled.push(item);
            }
            (id, handled)
        }));
    }

    for item in 0..6 {
        tx.send(item).await.unwrap();
    }
    // No more items: every consumer's recv() returns None once the queue is empty.
    drop(tx);

    for consumer in consumers {
        let (id, handled) = consumer.await.unwrap();
        println!("{id} handled {handled:?}");
    }
    println!("{:>4.1} s  all done", start.elapsed().as_secs_f64());
}
