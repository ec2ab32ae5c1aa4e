//! Three ways to write an async generator over a paged API, and which of them runs ahead.
use std::time::Duration;

use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep};
use tokio_stream::wrappers::ReceiverStream;

/// A paged list: page `n` holds two numbers and says whether there is a page after it.
async fn fetch_page(how: &str, start: Instant, n: u32) -> (Vec<u32>, Option<u32>) {
    println!(
        "{:>5} ms    {how}: fetching page {n}",
        start.elapsed().as_millis()
    );
    sleep(Duration::from_millis(100)).await;
    (vec![2 * n, 2 * n + 1], (n < 4).then_some(n + 1))
}

/// 1. `unfold`: a state (the next page's number) and an async step; one page per step.
fn with_unfold(start: Instant) -> impl Stream<Item = u32> {
    stream::unfold(Some(0), move |next| async move {
        let (items, after) = fetch_page("unfold", start, next?).await;
        Some((stream::iter(items), after))
    })
    .flatten()
}

/// 2. async-stream's `stream!`: a generator body with `yield`, as Python writes it.
fn with_macro(start: Instant) -> impl Stream<Item = u32> {
    async_stream::stream! {
        let mut next = Some(0);
        while let Some(n) = next {
            let (items, after) = fetch_page("stream!", start, n).await;
            for item in items {
                yield item;
            }
            next = after;
        }
    }
}

/// 3. A task that sends into a channel of 8, and the channel's receiving end as a stream.
fn with_channel(start: Instant) -> impl Stream<Item = u32> {
    let (tx, rx) = mpsc::channel(8);
    tokio::spawn(async move {
        let mut next = Some(0);
        while let Some(n) = next {
            let (items, after) = fetch_page("channel", start, n).await;
            for item in items {
                if tx.send(item).await.is_err() {
                    return;
                }
            }
            next = after;
        }
    });
    ReceiverStream::new(rx)
}

/// Makes a stream, waits a second, takes three items, drops the stream.
async fn take_three<S: Stream<Item = u32>>(name: &str, make: fn(Instant) -> S) {
    let start = Instant::now();
    let pages = make(start);
    println!(
        "{:>5} ms  {name}: stream made; the consumer comes back in 1 s",
        0
    );
    sleep(Duration::from_secs(1)).await;
    let taken: Vec<u32> = pages.take(3).collect().await;
    println!(
        "{:>5} ms  {name}: took {taken:?}",
        start.elapsed().as_millis()
    );
    // A second more, for anything still running to show itself.
    sleep(Duration::from_secs(1)).await;
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    take_three("unfold", with_unfold).await;
    take_three("stream!", with_macro).await;
    take_three("channel", with_channel).await;
}
