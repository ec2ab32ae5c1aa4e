use std::future::Future;

use kata_harness::awaitables::{BREAKFAST, Kitchen};
use tokio::task::JoinSet;

pub fn start_breakfast(kitchen: &Kitchen) -> impl Future<Output = Vec<String>> + Send + 'static {
    let mut cooking = JoinSet::new();
    for dish in BREAKFAST {
        let kitchen = kitchen.clone();
        cooking.spawn(async move { kitchen.cook(dish).await });
    }
    async move {
        let mut ready = Vec::new();
        while let Some(dish) = cooking.join_next().await {
            ready.push(dish.unwrap());
        }
        ready
    }
}
