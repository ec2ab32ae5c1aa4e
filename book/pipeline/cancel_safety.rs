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

    // The cure: build the whole line first, and hand it in one step to a writer task
    // that nobody cancels. `send` hands the whole line over or, cancelled, nothing.
    let (lines, mut to_write) = mpsc::channel::<String>(1);
    let writer = tokio::spawn(async move {
        let mut file = Vec::new();
        while let Some(line) = to_write.recv().await {
            sleep(Duration::from_secs(1)).await; // the slow disk
            file.extend_from_slice(line.as_bytes());
        }
        file
    });
    for item in [42, 43, 44] {
        let line = format!("consumer 3 | {item}\n");
        let sent = timeout(Duration::from_millis(500), lines.send(line)).await;
        println!(
            "send of line {item}: {}",
            if sent.is_ok() {
                "handed over"
            } else {
                "cancelled"
            }
        );
    }
    drop(lines);
    let file = writer.await.unwrap();
    println!(
        "the file written by the writer task: {:?}",
        String::from_utf8_lossy(&file)
    );
}
