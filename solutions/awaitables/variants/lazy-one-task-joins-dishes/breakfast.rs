use std::future::Future;

use kata_harness::awaitables::{BREAKFAST, Kitchen};

pub fn start_breakfast(kitchen: &Kitchen) -> impl Future<Output = Vec<String>> + Send + 'static {
    let kitchen = kitchen.clone();
    let cooking = tokio::spawn(async move {
        let [coffee, toast, eggs] = BREAKFAST;
        let (coffee, toast, eggs) = tokio::join!(kitchen.cook(coffee), kitchen.cook(toast), kitchen.cook(eggs));
        vec![coffee, toast, eggs]
    });
    async move { cooking.await.unwrap() }
}
