//! A fast producer, a bounded channel, and batches of at most 4 items or 50 ms.
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::{Instant, sleep};
use tokio_stream::StreamExt;
use tokio_stream::wrappers::ReceiverStream;

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let stamp = move || format!("{:>3} ms", start.elapsed().as_millis());

    // Room for 2 items: when the writer falls behind, `send` makes the producer wait.
    let (tx, rx) = mpsc::channel(2);
    let producer = tokio::spawn(async move {
        // Ten items 1 ms apart, then three more 40 ms apart.
        for n in 0..13u32 {
            sleep(Duration::from_millis(if n < 10 { 1 } else { 40 })).await;
            let made = Instant::now();
            tx.send(n).await.unwrap();
            if made.elapsed() > Duration::ZERO {
                println!(
                    "{}  producer: item {n} waited {} ms for room",
                    stamp(),
                    made.elapsed().as_millis()
                );
            }
        }
    });

    let batches = ReceiverStream::new(rx).chunks_timeout(4, Duration::from_millis(50));
    let mut batches = std::pin::pin!(batches);
    while let Some(batch) = batches.next().await {
        println!("{}  writing {batch:?} (20 ms)", stamp());
        sleep(Duration::from_millis(20)).await;
    }
    println!("{}  the producer is done, and so is the stream", stamp());
    producer.await.unwrap();
}
