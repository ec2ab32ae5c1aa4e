//! A consumer that fails hands its error to its `JoinHandle`. Nobody hears it
//! unless somebody awaits the handle, and the other consumer carries on with
//! the rest of the queue.
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, mpsc};
use tokio::time::{Instant, sleep};

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (tx, rx) = mpsc::channel::<u32>(10);
    let rx = Arc::new(Mutex::new(rx));

    let consumer = |id: &'static str| {
        let rx = rx.clone();
        tokio::spawn(async move {
            loop {
                let item = rx.lock().await.recv().await;
                let Some(item) = item else { return Ok(()) };
                sleep(Duration::from_millis(500)).await;
                if item == 2 {
                    return Err(format!("{id} failed in the middle of item {item}"));
                }
                println!(
                    "{:>4.1} s  {id} finished {item}",
                    start.elapsed().as_secs_f64()
                );
            }
        })
    };
    let handles = [consumer("a"), consumer("b")];

    for item in 0..6 {
        tx.send(item).await.unwrap();
    }
    drop(tx);

    for handle in handles {
        // The task ran to its end; its `Result` waited here for somebody to look.
        match handle.await.unwrap() {
            Ok(()) => println!(
                "{:>4.1} s  a consumer finished its share",
                start.elapsed().as_secs_f64()
            ),
            Err(err) => println!(
                "{:>4.1} s  a consumer reported: {err}",
                start.elapsed().as_secs_f64()
            ),
        }
    }
}
