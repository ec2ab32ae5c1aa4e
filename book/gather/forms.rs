//! Three ways to wait for many things, and the order each gives back.
use std::time::Duration;
use tokio::task::JoinSet;
use tokio::time::sleep;

async fn work(name: &'static str, ms: u64) -> &'static str {
    sleep(Duration::from_millis(ms)).await;
    name
}

async fn count() -> usize {
    sleep(Duration::from_millis(20)).await;
    3
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    // A fixed set, of any types: join! gives a tuple, in the order written.
    let (name, n) = tokio::join!(work("slow", 300), count());
    println!("join!:        ({name:?}, {n})");

    // A list decided at run time: spawn each, then await the handles in order.
    let handles: Vec<_> = [("a", 300), ("b", 100), ("c", 200)]
        .into_iter()
        .map(|(name, ms)| tokio::spawn(work(name, ms)))
        .collect();
    let mut in_order = Vec::new();
    for handle in handles {
        in_order.push(handle.await.unwrap());
    }
    println!("handles:      {in_order:?}  (the order they were spawned)");

    // A JoinSet hands back each result as it finishes.
    let mut set = JoinSet::new();
    for (name, ms) in [("a", 300), ("b", 100), ("c", 200)] {
        set.spawn(work(name, ms));
    }
    let mut as_finished = Vec::new();
    while let Some(result) = set.join_next().await {
        as_finished.push(result.unwrap());
    }
    println!("JoinSet:      {as_finished:?}  (the order they finished)");
}
