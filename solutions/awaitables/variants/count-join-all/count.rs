use std::time::Duration;

use futures::future::join_all;
use kata_harness::awaitables::Journal;

pub async fn count(journal: &Journal) {
    journal.write("One");
    tokio::time::sleep(Duration::from_secs(1)).await;
    journal.write("Two");
}

pub async fn count_three(journal: Journal) {
    join_all((0..3).map(|_| count(&journal))).await;
}
