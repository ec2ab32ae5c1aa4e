use std::sync::Mutex;

use futures::future::try_join_all;
use kata_harness::as_completed::{Collected, Jobs};

pub async fn until_first_error(jobs: &Jobs) -> Collected {
    let done = Mutex::new(Vec::new());
    let outcome = try_join_all(jobs.ids().into_iter().map(|id| {
        let done = &done;
        async move {
            let value = jobs.run(id).await?;
            done.lock().unwrap().push((id, value));
            Ok::<_, kata_harness::as_completed::JobFailed>(())
        }
    }))
    .await;
    let done = done.into_inner().unwrap();
    match outcome {
        Ok(_) => Collected {
            done,
            unfinished: Vec::new(),
            error: None,
        },
        Err(err) => {
            let unfinished = jobs
                .ids()
                .into_iter()
                .filter(|id| *id != err.id && !done.iter().any(|(d, _)| d == id))
                .collect();
            Collected {
                done,
                unfinished,
                error: Some(err.into()),
            }
        }
    }
}
