//! One `Stream` trait, two `StreamExt`s: import one per file, call the other by its path.
use std::time::Duration;

use futures_util::stream::{self, StreamExt};
use tokio::time::Instant;

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();

    // An iterator becomes a stream; a stream's adapters are lazy, like an iterator's.
    let doubled = stream::iter(1..=4).map(|n| n * 2);
    // `collect` is a future: nothing happens until it is awaited.
    let all: Vec<u32> = doubled.collect().await;
    println!("iter + map + collect:  {all:?}");

    // One future becomes a stream of one item.
    let once: Vec<&str> = stream::once(async { "hello" }).collect().await;
    println!("once:                  {once:?}");

    // futures' StreamExt is in scope; tokio-stream's has the clock. Called by its path, its
    // `throttle` and futures' `next` can't be confused.
    let slow = tokio_stream::StreamExt::throttle(
        stream::iter(["a", "b", "c"]),
        Duration::from_millis(100),
    );
    let mut slow = std::pin::pin!(slow);
    while let Some(letter) = slow.next().await {
        println!(
            "throttled: {letter} at {:>3} ms",
            start.elapsed().as_millis()
        );
    }
}
