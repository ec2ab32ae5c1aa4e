//! The monitor of asyncio's failing-consumer exercise, in tokio: wait for the job to complete, or for any worker to fail,
//! whichever comes first.
use std::time::Duration;
use tokio::task::JoinSet;
use tokio::time::{Instant, sleep, timeout};

async fn worker(id: u32, fail_after: Option<u64>) -> Result<(), String> {
    match fail_after {
        Some(secs) => {
            sleep(Duration::from_secs(secs)).await;
            Err(format!("worker {id} failed"))
        }
        None => std::future::pending().await, // works until cancelled
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let mut workers = JoinSet::new();
    workers.spawn(worker(0, None));
    workers.spawn(worker(1, Some(3)));
    workers.spawn(worker(2, None));
    // The job is done when this task is; here it never would be without the failure.
    let mut job = tokio::spawn(sleep(Duration::from_secs(10)));

    // asyncio's wait_for(shield(job), 1): time out after 1 s without cancelling the job.
    if timeout(Duration::from_secs(1), &mut job).await.is_err() {
        println!(
            "{:.1} s  the job is still running after 1 s, and still alive",
            start.elapsed().as_secs_f64()
        );
    }
    tokio::select! {
        _ = &mut job => println!("job completed"),
        Some(Ok(Err(err))) = workers.join_next() => {
            println!("{:.1} s  {err}: stopping the job", start.elapsed().as_secs_f64());
            job.abort();
        }
    }
    // Dropping the set aborts the workers still in it.
}
