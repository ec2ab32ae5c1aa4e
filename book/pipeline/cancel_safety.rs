//! Dropping a future cancels it at the `.await` where it waits. Whether that loses anything
//! depends on what it was in the middle of.
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::{sleep, timeout};

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    // `recv()` is cancel-safe: a cancelled recv has taken nothing off the queue.
    let (tx, mut rx) = mpsc::channel(1);
    tokio::spawn(async move {
        sleep(Duration::from_secs(2)).await;
        tx.send("hello").await.unwrap();
    });
    let first = timeout(Duration::from_secs(1), rx.recv()).await;
    println!("recv, cancelled after 1 s: {first:?}");
    println!("recv, awaited again: {:?}", rx.recv().await);

    // A line written in two steps is not: cancel between them and half a line remains.
    let mut file = Vec::new();
    let write_line = async {
        file.extend_from_slice(b"consumer 3 | ");
        sleep(Duration::from_secs(1)).await; // imagine a slow disk
        file.extend_from_slice(b"42\n");
    };
    let _ = timeout(Duration::from_millis(500), write_line).await;
    println!(
        "the file after a cancelled write: {:?}",
        String::from_utf8_lossy(&file)
    );
}
