use std::future::Future;

use kata_harness::awaitables::{BREAKFAST, Kitchen};
use tokio::task::JoinSet;

pub fn start_breakfast(kitchen: &Kitchen) -> impl Future<Output = Vec<String>> + Send + 'static {
    let mut cooking = JoinSet::new();
    for (i, dish) in BREAKFAST.into_iter().enumerate() {
        let kitchen = kitchen.clone();
        cooking.spawn(async move { (i, kitchen.cook(dish).await) });
    }
    async move {
        let mut ready = cooking.join_all().await;
        ready.sort_by_key(|(i, _)| *i);
        ready.into_iter().map(|(_, dish)| dish).collect()
    }
}
