use std::time::Duration;

use kata_harness::awaitables::Journal;

pub async fn count(journal: &Journal) {
    journal.write("One");
    tokio::time::sleep(Duration::from_secs(1)).await;
    journal.write("Two");
}

pub async fn count_three(journal: Journal) {
    let counts: Vec<_> = (0..3)
        .map(|_| {
            let journal = journal.clone();
            tokio::spawn(async move { count(&journal).await })
        })
        .collect();
    for count in counts {
        count.await.unwrap();
    }
}
