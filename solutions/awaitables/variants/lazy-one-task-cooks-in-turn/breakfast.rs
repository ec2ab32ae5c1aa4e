use std::future::Future;

use kata_harness::awaitables::{BREAKFAST, Kitchen};

pub fn start_breakfast(kitchen: &Kitchen) -> impl Future<Output = Vec<String>> + Send + 'static {
    let kitchen = kitchen.clone();
    let cooking = tokio::spawn(async move {
        let mut ready = Vec::new();
        for dish in BREAKFAST {
            ready.push(kitchen.cook(dish).await);
        }
        ready
    });
    async move { cooking.await.unwrap() }
}
