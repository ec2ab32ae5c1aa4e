use kata_harness::as_completed::{Collected, Jobs};
use tokio::sync::mpsc;

pub async fn until_first_error(jobs: &Jobs) -> Collected {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let handles: Vec<_> = jobs
        .ids()
        .into_iter()
        .map(|id| {
            let (jobs, tx) = (jobs.clone(), tx.clone());
            tokio::spawn(async move {
                let _ = tx.send((id, jobs.run(id).await));
            })
        })
        .collect();
    drop(tx);
    let mut collected = Collected::default();
    let mut pending = jobs.ids();
    while let Some((id, result)) = rx.recv().await {
        pending.retain(|&p| p != id);
        match result {
            Ok(value) => collected.done.push((id, value)),
            Err(err) => {
                // What anyhow's `{:?}` prints with RUST_BACKTRACE=1: the error, then its backtrace.
                let trace = std::backtrace::Backtrace::force_capture();
                collected.error = Some(anyhow::anyhow!("Task failed: {err:?}\n\nStack backtrace:\n{trace}"));
                for handle in &handles {
                    handle.abort();
                }
                collected.unfinished = pending;
                break;
            }
        }
    }
    collected
}
