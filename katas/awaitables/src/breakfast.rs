//! Problem 3 — lazy: start now, await later.

use std::future::Future;

use kata_harness::awaitables::{BREAKFAST, Kitchen};

/// Gets every dish of [`BREAKFAST`] cooking *now*, and returns something to await for the
/// dishes, ready, in the order of `BREAKFAST`. The caller sets the table in the meantime.
// TODO(problem 3): as written, nothing starts cooking until the caller awaits — and then one
// dish at a time.
pub fn start_breakfast(kitchen: &Kitchen) -> impl Future<Output = Vec<String>> + Send + 'static {
    let kitchen = kitchen.clone();
    async move {
        let mut ready = Vec::new();
        for dish in BREAKFAST {
            ready.push(kitchen.cook(dish).await);
        }
        ready
    }
}
