use std::future::Future;

use kata_harness::awaitables::{BREAKFAST, Kitchen};

pub fn start_breakfast(kitchen: &Kitchen) -> impl Future<Output = Vec<String>> + Send + 'static {
    for dish in BREAKFAST {
        let kitchen = kitchen.clone();
        tokio::spawn(async move { kitchen.cook(dish).await });
    }
    let kitchen = kitchen.clone();
    async move {
        let (coffee, toast, eggs) = tokio::join!(
            kitchen.cook(BREAKFAST[0]),
            kitchen.cook(BREAKFAST[1]),
            kitchen.cook(BREAKFAST[2])
        );
        vec![coffee, toast, eggs]
    }
}
