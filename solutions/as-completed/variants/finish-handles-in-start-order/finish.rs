use kata_harness::as_completed::Jobs;

pub async fn as_they_finish(jobs: &Jobs) {
    let handles: Vec<_> = jobs
        .ids()
        .into_iter()
        .map(|id| {
            let jobs = jobs.clone();
            tokio::spawn(async move { jobs.run(id).await.unwrap() })
        })
        .collect();
    for (id, handle) in jobs.ids().into_iter().zip(handles) {
        jobs.handle(id, handle.await.unwrap());
    }
}
