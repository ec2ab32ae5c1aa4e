use kata_harness::streams::{Batching, Item, Producer, Store};
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep_until};

pub async fn store_in_batches(mut producer: Producer, store: Store, batching: Batching) {
    let (tx, mut rx) = mpsc::channel(batching.capacity);
    let feeding = tokio::spawn(async move {
        while let Some(item) = producer.next().await {
            if tx.send(item).await.is_err() {
                break;
            }
        }
    });
    let mut done = false;
    while !done {
        let Some(first) = rx.recv().await else { break };
        let deadline = Instant::now() + batching.max_wait;
        let mut batch: Vec<Item> = vec![first];
        while batch.len() < batching.max_items {
            tokio::select! {
                item = rx.recv() => match item {
                    Some(item) => batch.push(item),
                    None => {
                        done = true;
                        break;
                    }
                },
                () = sleep_until(deadline) => break,
            }
        }
        store.write(batch).await;
    }
    feeding.await.expect("the producer's task panicked");
}
