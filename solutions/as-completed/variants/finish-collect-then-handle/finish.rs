use kata_harness::as_completed::Jobs;
use tokio::task::JoinSet;

pub async fn as_they_finish(jobs: &Jobs) {
    let mut set = JoinSet::new();
    for id in jobs.ids() {
        let jobs = jobs.clone();
        set.spawn(async move { (id, jobs.run(id).await.unwrap()) });
    }
    let mut results = Vec::new();
    while let Some(done) = set.join_next().await {
        results.push(done.unwrap());
    }
    for (id, value) in results {
        jobs.handle(id, value);
    }
}
