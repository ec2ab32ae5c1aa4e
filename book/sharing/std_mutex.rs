//! A `std::sync::Mutex` in async code: fine when each guard is gone before the next
//! `.await`; allowed, but risky, when a guard is held across one.
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::sleep;

/// Holds a std guard across an `.await`. The future is not `Send`, so `tokio::spawn`
/// would refuse it; awaited right here, by `main`'s own future, it compiles.
#[allow(clippy::await_holding_lock)] // clippy warns about this, and rightly so
async fn held_across_await(hits: &Mutex<u32>) {
    let mut guard = hits.lock().unwrap();
    *guard += 1;
    sleep(Duration::from_millis(10)).await; // the guard is held while this waits
    *guard += 1;
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let hits = Arc::new(Mutex::new(0));

    // Locked between awaits only: the usual way, and what tokio's docs advise.
    let mut tasks = Vec::new();
    for _ in 0..3 {
        let hits = hits.clone();
        tasks.push(tokio::spawn(async move {
            for _ in 0..10 {
                sleep(Duration::from_millis(10)).await;
                *hits.lock().unwrap() += 1; // the guard is gone at the `;`
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    println!(
        "3 tasks × 10 hits, never held across .await: {}",
        hits.lock().unwrap()
    );

    // Held across an .await, while another task on this same thread wants it.
    let other = tokio::spawn({
        let hits = hits.clone();
        async move {
            sleep(Duration::from_millis(5)).await;
            match hits.try_lock() {
                Ok(_) => "free",
                Err(_) => "held (its lock() would block the thread, for good)",
            }
        }
    });
    held_across_await(&hits).await;
    println!("another task found the std mutex {}", other.await.unwrap());
    println!("hits: {}", hits.lock().unwrap());
}
