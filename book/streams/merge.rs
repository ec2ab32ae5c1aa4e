//! Two sources merged into one stream, each watched for silence on its own clock.
use std::time::Duration;

use futures_util::stream::{self, Stream};
use tokio::time::Instant;
use tokio_stream::StreamExt;

/// A source that sends `name` at each of `times` (ms from the start), then ends.
fn source(
    name: &'static str,
    times: &'static [u64],
) -> impl Stream<Item = &'static str> {
    let start = Instant::now();
    stream::iter(times).then(move |ms| async move {
        tokio::time::sleep_until(start + Duration::from_millis(*ms)).await;
        name
    })
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let fast = source("fast", &[100, 200, 300, 400, 500]);
    let slow = source("slow", &[150, 600, 700]);

    // Each source gets its own timeout *before* the merge: one `Err` per silence of 250 ms.
    let fast = fast
        .timeout(Duration::from_millis(250))
        .map(|r| r.map_err(|_| "fast is silent"));
    let slow = slow
        .timeout(Duration::from_millis(250))
        .map(|r| r.map_err(|_| "slow is silent"));
    let mut merged = std::pin::pin!(fast.merge(slow));
    while let Some(event) = merged.next().await {
        match event {
            Ok(name) => println!("{:>3} ms  {name}", start.elapsed().as_millis()),
            Err(silence) => {
                println!("{:>3} ms  ⚠ {silence}", start.elapsed().as_millis())
            }
        }
    }
    println!(
        "{:>3} ms  both ended: the merged stream ends",
        start.elapsed().as_millis()
    );
}
