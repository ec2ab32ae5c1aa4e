//! `async for` in Rust: a stream, and a `while let` loop that asks it for one item at a time.
use std::time::Duration;

use futures_util::stream::{self, StreamExt};
use tokio::time::{Instant, sleep};

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let stamp = move || format!("{:>3} ms", start.elapsed().as_millis());

    // async def ticks():
    //     for n in range(3):
    //         await asyncio.sleep(0.1)
    //         yield n
    let ticks = stream::unfold(0, move |n| async move {
        if n == 3 {
            return None;
        }
        println!("{}  generator: working on {n}", stamp());
        sleep(Duration::from_millis(100)).await;
        Some((n, n + 1))
    });
    println!("{}  the stream is made; nothing has run", stamp());

    // async for n in ticks:
    let mut ticks = std::pin::pin!(ticks);
    while let Some(n) = ticks.next().await {
        println!("{}  consumer: got {n}, busy for 50 ms", stamp());
        sleep(Duration::from_millis(50)).await;
    }
    println!("{}  the stream ended: the loop is over", stamp());
}
