//! Problem 4 — batches: a fast producer, a bounded channel, and a store that writes batches.

use kata_harness::streams::{Batching, Producer, Store};

/// Moves every item the producer makes into the store, through a channel of
/// `batching.capacity` items, in batches of at most `batching.max_items` items, none waiting
/// more than `batching.max_wait` once its batch has its first item.
// TODO(problem 4): one write per item, and no channel. A write costs 20 ms however small.
pub async fn store_in_batches(mut producer: Producer, store: Store, batching: Batching) {
    let _ = batching;
    while let Some(item) = producer.next().await {
        store.write(vec![item]).await;
    }
}
