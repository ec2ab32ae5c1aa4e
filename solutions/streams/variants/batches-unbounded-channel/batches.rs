use kata_harness::streams::{Batching, Producer, Store};
use tokio::sync::mpsc;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::UnboundedReceiverStream;

pub async fn store_in_batches(mut producer: Producer, store: Store, batching: Batching) {
    let (tx, rx) = mpsc::unbounded_channel();
    let feeding = tokio::spawn(async move {
        while let Some(item) = producer.next().await {
            if tx.send(item).is_err() {
                break;
            }
        }
    });
    let batches = UnboundedReceiverStream::new(rx).chunks_timeout(batching.max_items, batching.max_wait);
    let mut batches = std::pin::pin!(batches);
    while let Some(batch) = batches.next().await {
        store.write(batch).await;
    }
    feeding.await.expect("the producer's task panicked");
}
