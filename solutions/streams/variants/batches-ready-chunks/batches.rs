use futures_util::StreamExt;
use kata_harness::streams::{Batching, Producer, Store};
use tokio::sync::mpsc;
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
    let mut batches = ReceiverStream::new(rx).ready_chunks(batching.max_items);
    while let Some(batch) = batches.next().await {
        store.write(batch).await;
    }
    feeding.await.expect("the producer's task panicked");
}
