use kata_harness::as_completed::Jobs;

pub async fn as_they_finish(jobs: &Jobs) {
    for id in jobs.ids() {
        let jobs = jobs.clone();
        tokio::spawn(async move {
            let value = jobs.run(id).await.unwrap();
            jobs.handle(id, value);
        });
    }
}
