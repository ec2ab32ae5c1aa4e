use std::time::Duration;

use kata_harness::awaitables::Journal;

pub async fn count(journal: &Journal) {
    journal.write("One");
    std::thread::sleep(Duration::from_secs(1));
    journal.write("Two");
}

pub async fn count_three(journal: Journal) {
    tokio::join!(count(&journal), count(&journal), count(&journal));
}
