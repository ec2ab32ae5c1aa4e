use kata_harness::as_completed::{Collected, Jobs};

pub async fn until_first_error(jobs: &Jobs) -> Collected {
    let handles: Vec<_> = jobs
        .ids()
        .into_iter()
        .map(|id| {
            let jobs = jobs.clone();
            (id, tokio::spawn(async move { jobs.run(id).await }))
        })
        .collect();
    let mut collected = Collected::default();
    let mut handles = handles.into_iter();
    for (id, handle) in handles.by_ref() {
        match handle.await.unwrap() {
            Ok(value) => collected.done.push((id, value)),
            Err(err) => {
                collected.error = Some(err.into());
                break;
            }
        }
    }
    for (id, handle) in handles {
        handle.abort();
        collected.unfinished.push(id);
    }
    collected
}
