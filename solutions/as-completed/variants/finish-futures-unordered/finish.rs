use futures::StreamExt;
use futures::stream::FuturesUnordered;
use kata_harness::as_completed::Jobs;

pub async fn as_they_finish(jobs: &Jobs) {
    let mut running: FuturesUnordered<_> = jobs
        .ids()
        .into_iter()
        .map(|id| async move { (id, jobs.run(id).await) })
        .collect();
    while let Some((id, result)) = running.next().await {
        jobs.handle(id, result.expect("these jobs do not fail"));
    }
}
