//! Problem 1 — count: three counts in one second.

use std::time::Duration;

use kata_harness::awaitables::Journal;

/// One count: writes "One", waits a second, writes "Two".
pub async fn count(journal: &Journal) {
    journal.write("One");
    tokio::time::sleep(Duration::from_secs(1)).await;
    journal.write("Two");
}

/// Runs three counts.
// TODO(problem 1): this takes three seconds. Make the counts run at the same time.
pub async fn count_three(journal: Journal) {
    count(&journal).await;
    count(&journal).await;
    count(&journal).await;
}
