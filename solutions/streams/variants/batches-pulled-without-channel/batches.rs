use futures_util::stream;
use kata_harness::streams::{Batching, Producer, Store};
use tokio_stream::StreamExt;

pub async fn store_in_batches(producer: Producer, store: Store, batching: Batching) {
    let items = stream::unfold(producer, |mut producer| async move {
        let item = producer.next().await?;
        Some((item, producer))
    });
    let batches = items.chunks_timeout(batching.max_items, batching.max_wait);
    let mut batches = std::pin::pin!(batches);
    while let Some(batch) = batches.next().await {
        store.write(batch).await;
    }
}
