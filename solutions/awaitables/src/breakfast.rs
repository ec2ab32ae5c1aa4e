//! Problem 3: `tokio::spawn` starts each dish now, on its own task; the future handed back only
//! collects the results. An `async` block alone would start nothing until awaited.

use std::future::Future;

use kata_harness::awaitables::{BREAKFAST, Kitchen};

/// Gets every dish of [`BREAKFAST`] cooking now; the returned future yields them in order.
pub fn start_breakfast(kitchen: &Kitchen) -> impl Future<Output = Vec<String>> + Send + 'static {
    let cooking: Vec<_> = BREAKFAST
        .into_iter()
        .map(|dish| {
            let kitchen = kitchen.clone();
            tokio::spawn(async move { kitchen.cook(dish).await })
        })
        .collect();
    async move {
        let mut ready = Vec::with_capacity(cooking.len());
        for dish in cooking {
            ready.push(dish.await.expect("a dish's task panicked"));
        }
        ready
    }
}
