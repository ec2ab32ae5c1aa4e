use futures::future::join_all;
use kata_harness::as_completed::{Collected, Jobs};

pub async fn until_first_error(jobs: &Jobs) -> Collected {
    let results = join_all(jobs.ids().into_iter().map(|id| async move { (id, jobs.run(id).await) })).await;
    let mut collected = Collected::default();
    for (id, result) in results {
        match result {
            Ok(value) => collected.done.push((id, value)),
            Err(err) => {
                collected.error = Some(err.into());
                break;
            }
        }
    }
    collected
}
