//! Problem 1: `join!` polls the three counts together on this task, so all three say "One",
//! all three sleep during the same second, and all three say "Two" — 1 s in all.

use std::time::Duration;

use kata_harness::awaitables::Journal;

/// One count: writes "One", waits a second, writes "Two".
pub async fn count(journal: &Journal) {
    journal.write("One");
    tokio::time::sleep(Duration::from_secs(1)).await;
    journal.write("Two");
}

/// Runs three counts at the same time.
pub async fn count_three(journal: Journal) {
    tokio::join!(count(&journal), count(&journal), count(&journal));
}
