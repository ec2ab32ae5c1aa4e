//! A bounded channel makes a fast producer wait for a slow consumer: backpressure.
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep};

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let stamp = move || format!("{:>5.2} s", start.elapsed().as_secs_f64());

    // Room for two items: the third `send` has to wait until the consumer takes one.
    let (tx, mut rx) = mpsc::channel::<u32>(2);

    let producer = tokio::spawn(async move {
        for item in 0..5 {
            tx.send(item).await.unwrap();
            println!("{}  put {item}", stamp());
        }
        println!("{}  producer done, drops its sender", stamp());
    });

    while let Some(item) = rx.recv().await {
        println!("{}      got {item}, working 1 s", stamp());
        sleep(Duration::from_secs(1)).await;
    }
    println!("{}  queue closed and empty: consumer done", stamp());
    producer.await.unwrap();
}
