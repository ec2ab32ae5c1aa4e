use std::future::Future;

use futures::future::join_all;
use kata_harness::awaitables::{BREAKFAST, Kitchen};

pub fn start_breakfast(kitchen: &Kitchen) -> impl Future<Output = Vec<String>> + Send + 'static {
    let cooking: Vec<_> = BREAKFAST
        .into_iter()
        .map(|dish| {
            let kitchen = kitchen.clone();
            tokio::spawn(async move { kitchen.cook(dish).await })
        })
        .collect();
    async move {
        join_all(cooking)
            .await
            .into_iter()
            .map(|dish| dish.expect("a dish's task panicked"))
            .collect()
    }
}
