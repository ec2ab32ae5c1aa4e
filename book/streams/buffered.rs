//! Gather with a limit: `buffered` hands results over in order, `buffer_unordered` as they come.
use std::time::Duration;

use futures_util::stream::{self, StreamExt};
use tokio::time::{Instant, sleep};

/// Job `id` takes `ms` milliseconds.
async fn job(id: usize, ms: u64) -> usize {
    sleep(Duration::from_millis(ms)).await;
    id
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let times = [300, 100, 100, 100, 50, 150];

    let start = Instant::now();
    let jobs = stream::iter(times.into_iter().enumerate()).map(|(id, ms)| job(id, ms));
    let mut in_order = std::pin::pin!(jobs.buffered(2));
    println!("buffered(2):");
    while let Some(id) = in_order.next().await {
        println!("  job {id} at {:>3} ms", start.elapsed().as_millis());
    }

    let start = Instant::now();
    let jobs = stream::iter(times.into_iter().enumerate()).map(|(id, ms)| job(id, ms));
    let mut as_completed = std::pin::pin!(jobs.buffer_unordered(2));
    println!("buffer_unordered(2):");
    while let Some(id) = as_completed.next().await {
        println!("  job {id} at {:>3} ms", start.elapsed().as_millis());
    }
}
