//! Problem 4 — a fast producer, a bounded channel, and batches by count or by time.

use kata_harness::streams::{Batching, Producer, Store};
use tokio::sync::mpsc;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::ReceiverStream;

/// Moves every item from `producer` to `store` through a channel of `batching.capacity` items,
/// in batches of at most `batching.max_items`, none waiting more than `batching.max_wait` once
/// its batch has begun.
///
/// The producer runs in a task of its own and `send`s into the bounded channel: when the
/// channel is full, `send` waits, and so does the producer — that is the backpressure. The
/// receiving end, as a stream, goes through `chunks_timeout`, and each batch is written before
/// the next is gathered. When the producer is done its task ends, its sender is dropped, the
/// stream ends, and `chunks_timeout` hands over what it holds.
pub async fn store_in_batches(mut producer: Producer, store: Store, batching: Batching) {
    let (tx, rx) = mpsc::channel(batching.capacity);
    let feeding = tokio::spawn(async move {
        while let Some(item) = producer.next().await {
            if tx.send(item).await.is_err() {
                break;
            }
        }
    });
    let batches = ReceiverStream::new(rx).chunks_timeout(batching.max_items, batching.max_wait);
    let mut batches = std::pin::pin!(batches);
    while let Some(batch) = batches.next().await {
        store.write(batch).await;
    }
    feeding.await.expect("the producer's task panicked");
}
