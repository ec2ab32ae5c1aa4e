use std::time::Duration;

use kata_harness::as_completed::{Collected, Jobs};
use tokio::task::JoinSet;
use tokio::time::{Instant, sleep_until};

pub async fn before_deadline(jobs: &Jobs, deadline: Duration) -> Collected {
    let alarm = sleep_until(Instant::now() + deadline);
    tokio::pin!(alarm);
    let mut set = JoinSet::new();
    for id in jobs.ids() {
        let jobs = jobs.clone();
        set.spawn(async move { (id, jobs.run(id).await) });
    }
    let mut collected = Collected::default();
    let mut pending: Vec<u32> = jobs.ids();
    loop {
        tokio::select! {
            _ = &mut alarm => break,
            done = set.join_next() => match done {
                Some(done) => {
                    let (id, result) = done.expect("no job panics");
                    collected.done.push((id, result.expect("no job fails")));
                    pending.retain(|&p| p != id);
                }
                None => break,
            },
        }
    }
    collected.unfinished = pending;
    collected
}
