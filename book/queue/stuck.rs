//! The only consumer fails. Whether the producer then gets an error or waits forever
//! depends on who else still holds the `Receiver`.
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, mpsc};
use tokio::time::{Instant, sleep, timeout};

/// Works 0.5 s on an item; fails in the middle of item 2.
async fn work(item: u32, start: Instant) -> Result<(), ()> {
    sleep(Duration::from_millis(500)).await;
    if item == 2 {
        let at = start.elapsed().as_secs_f64();
        println!("{at:>4.1} s  the consumer fails in the middle of item {item}");
        return Err(());
    }
    Ok(())
}

/// A consumer that shares the receiver with others.
async fn shared_consumer(rx: Arc<Mutex<mpsc::Receiver<u32>>>, start: Instant) {
    loop {
        let item = rx.lock().await.recv().await;
        let Some(item) = item else { return };
        if work(item, start).await.is_err() {
            return; // the task ends, and drops its clone of the Arc
        }
    }
}

/// A consumer that owns the receiver.
async fn owning_consumer(mut rx: mpsc::Receiver<u32>, start: Instant) {
    while let Some(item) = rx.recv().await {
        if work(item, start).await.is_err() {
            return; // the task ends, and drops the Receiver itself
        }
    }
}

/// Puts the items 0..10 into the channel, counting what went in.
async fn produce(tx: mpsc::Sender<u32>, sent: &mut u32, start: Instant) {
    for item in 0..10 {
        if tx.send(item).await.is_err() {
            let at = start.elapsed().as_secs_f64();
            println!("{at:>4.1} s  the producer's send({item}) fails: channel closed");
            return;
        }
        *sent += 1;
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    println!(
        "-- shared: Arc<Mutex<Receiver>>, and main still holds a clone of the Arc"
    );
    let start = Instant::now();
    let (tx, rx) = mpsc::channel::<u32>(3); // room for 3
    let rx = Arc::new(Mutex::new(rx));
    tokio::spawn(shared_consumer(rx.clone(), start));
    let mut sent = 0;
    if timeout(Duration::from_secs(10), produce(tx, &mut sent, start))
        .await
        .is_err()
    {
        let at = start.elapsed().as_secs_f64();
        println!(
            "{at:>4.1} s  the producer still waits in send({sent}): full, never closed"
        );
    }

    println!("-- owned: the consumer's task owns the Receiver");
    let start = Instant::now();
    let (tx, rx) = mpsc::channel::<u32>(3);
    tokio::spawn(owning_consumer(rx, start));
    let mut sent = 0;
    if timeout(Duration::from_secs(10), produce(tx, &mut sent, start))
        .await
        .is_err()
    {
        println!("the producer is still waiting in send({sent})");
    }
}
