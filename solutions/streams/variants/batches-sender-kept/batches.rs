use kata_harness::streams::{Batching, Producer, Store};
use tokio::sync::mpsc;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::ReceiverStream;

pub async fn store_in_batches(mut producer: Producer, store: Store, batching: Batching) {
    let (tx, rx) = mpsc::channel(batching.capacity);
    let sender = tx.clone();
    tokio::spawn(async move {
        while let Some(item) = producer.next().await {
            if sender.send(item).await.is_err() {
                break;
            }
        }
    });
    let batches = ReceiverStream::new(rx).chunks_timeout(batching.max_items, batching.max_wait);
    let mut batches = std::pin::pin!(batches);
    while let Some(batch) = batches.next().await {
        store.write(batch).await;
    }
    drop(tx);
}
