use kata_harness::as_completed::Jobs;
use tokio::task::JoinSet;

pub async fn as_they_finish(jobs: &Jobs) {
    let mut set = JoinSet::new();
    for id in 0..10 {
        let jobs = jobs.clone();
        set.spawn(async move { (id, jobs.run(id).await.unwrap()) });
    }
    while let Some(done) = set.join_next().await {
        let (id, value) = done.unwrap();
        jobs.handle(id, value);
    }
}
