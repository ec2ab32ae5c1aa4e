//! Two producers and two consumers over one queue; each item's time in the queue.
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, mpsc};
use tokio::time::{Instant, sleep};

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (tx, rx) = mpsc::unbounded_channel::<(String, Instant)>();
    let rx = Arc::new(Mutex::new(rx));
    // Producer p makes an item every `gap` ms.
    for (p, gap, count) in [("a", 300, 4), ("b", 500, 3)] {
        let tx = tx.clone();
        tokio::spawn(async move {
            for n in 0..count {
                sleep(Duration::from_millis(gap)).await;
                tx.send((format!("{p}{n}"), Instant::now())).unwrap();
            }
        });
    }
    drop(tx);
    let mut consumers = Vec::new();
    for c in 0..2 {
        let rx = rx.clone();
        consumers.push(tokio::spawn(async move {
            loop {
                let next = rx.lock().await.recv().await;
                let Some((item, queued)) = next else { break };
                let waited = queued.elapsed().as_secs_f64();
                let at = start.elapsed().as_secs_f64();
                println!("{at:>4.1} s  consumer {c} took {item}, after {waited:.1} s in the queue");
                sleep(Duration::from_millis(700)).await; // consuming takes 0.7 s
            }
        }));
    }
    for consumer in consumers {
        consumer.await.unwrap();
    }
}
