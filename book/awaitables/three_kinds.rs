//! The three kinds of awaitable: an async fn's future, a spawned task's `JoinHandle`, and a
//! `spawn_blocking` job's `JoinHandle`, which completes when a thread of the blocking pool is
//! done with it.
use std::time::Duration;
use tokio::time::{Instant, sleep};

async fn fetch(name: &str, secs: u64) -> String {
    sleep(Duration::from_secs(secs)).await;
    format!("{name} fetched")
}

/// Ordinary, blocking code: it holds its thread until it is done.
fn checksum(data: &[u8]) -> u32 {
    data.iter().map(|b| u32::from(*b)).sum()
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let t = || format!("{:.1} s", start.elapsed().as_secs_f64());

    // 1. A future: lazy. It runs only while this task awaits it.
    let future = fetch("a", 1);

    // 2. A task: spawned, it runs on its own from now on.
    let task = tokio::spawn(fetch("b", 2));

    // 3. Blocking work on the blocking pool, awaited like any other handle.
    let job = tokio::task::spawn_blocking(|| checksum(b"async katas"));

    let a = future.await;
    println!("{}  {a}", t());
    let b = task.await.unwrap();
    println!("{}  {b}", t());
    let sum = job.await.unwrap();
    println!("{}  checksum {sum}", t());
}
