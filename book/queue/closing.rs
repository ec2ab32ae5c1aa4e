//! `recv()` returns `None` only when the queue is empty and every sender is gone.
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep, timeout};

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (tx, mut rx) = mpsc::channel::<&str>(10);

    // The producer works with a clone; `main` still holds the original `tx`.
    let producer = tx.clone();
    tokio::spawn(async move {
        producer.send("first").await.unwrap();
        producer.send("second").await.unwrap();
        // `producer` is dropped here, but `tx` lives on in main.
    });

    // Drain the queue, but give up if nothing arrives for 5 s.
    while let Ok(next) = timeout(Duration::from_secs(5), rx.recv()).await {
        println!(
            "{:>4.1} s  recv() -> {next:?}",
            start.elapsed().as_secs_f64()
        );
    }
    println!(
        "{:>4.1} s  still waiting: `tx` is alive, so the queue is not closed",
        start.elapsed().as_secs_f64()
    );

    drop(tx); // the last sender: now the queue is closed
    sleep(Duration::from_secs(1)).await;
    println!(
        "{:>4.1} s  recv() -> {:?}",
        start.elapsed().as_secs_f64(),
        rx.recv().await
    );
}
