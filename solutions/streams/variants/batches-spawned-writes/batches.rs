use kata_harness::streams::{Batching, Producer, Store};
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::ReceiverStream;

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
    let mut writes = JoinSet::new();
    while let Some(batch) = batches.next().await {
        let store = store.clone();
        writes.spawn(async move { store.write(batch).await });
    }
    writes.join_all().await;
    feeding.await.expect("the producer's task panicked");
}
