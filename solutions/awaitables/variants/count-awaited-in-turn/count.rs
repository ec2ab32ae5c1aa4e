use std::time::Duration;

use kata_harness::awaitables::Journal;

pub async fn count(journal: &Journal) {
    journal.write("One");
    tokio::time::sleep(Duration::from_secs(1)).await;
    journal.write("Two");
}

pub async fn count_three(journal: Journal) {
    count(&journal).await;
    count(&journal).await;
    count(&journal).await;
}
