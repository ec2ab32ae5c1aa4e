use std::time::Duration;

use kata_harness::awaitables::Journal;

pub async fn count(journal: &Journal) {
    journal.write("One");
    tokio::time::sleep(Duration::from_secs(1)).await;
    journal.write("Two");
}

pub async fn count_three(journal: Journal) {
    for _ in 0..3 {
        let journal = journal.clone();
        tokio::spawn(async move { count(&journal).await });
    }
    // The counts take a second: wait that long for them.
    tokio::time::sleep(Duration::from_secs(1)).await;
}
