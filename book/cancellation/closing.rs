//! Ending a queue from the consumer's side: `Receiver::close()`, tokio's nearest to
//! Python 3.13's `Queue.shutdown()`. Sends fail from then on; what is queued can still
//! be received.
use tokio::sync::mpsc;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (tx, mut rx) = mpsc::channel::<u32>(5);
    for item in 1..=3 {
        tx.send(item).await.unwrap();
    }
    println!("consumer: took {:?}; closing the queue", rx.recv().await);
    rx.close();
    match tx.send(4).await {
        Ok(()) => println!("producer: sent 4"),
        Err(err) => println!(
            "producer: send(4) failed: {err} (the item comes back: {})",
            err.0
        ),
    }
    while let Some(item) = rx.recv().await {
        println!("consumer: took {item}, queued before the close");
    }
    println!("consumer: recv() returned None, though a Sender is still alive");
    drop(tx);
}
