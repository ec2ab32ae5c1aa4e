use std::future::Future;

use kata_harness::awaitables::{BREAKFAST, Kitchen};

pub fn start_breakfast(kitchen: &Kitchen) -> impl Future<Output = Vec<String>> + Send + 'static {
    let kitchen = kitchen.clone();
    async move {
        let cooking: Vec<_> = BREAKFAST
            .into_iter()
            .map(|dish| {
                let kitchen = kitchen.clone();
                tokio::spawn(async move { kitchen.cook(dish).await })
            })
            .collect();
        let mut ready = Vec::new();
        for dish in cooking {
            ready.push(dish.await.unwrap());
        }
        ready
    }
}
