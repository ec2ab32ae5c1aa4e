//! Problem 3: one `spawn_blocking` per job; the blocking pool runs them on threads of its own,
//! side by side, and the handles, awaited in order, give the results in order.

use kata_harness::blocking::Lab;

/// How many blocking jobs `offload` runs.
pub const JOBS: u32 = 8;

/// The jobs side by side, off the runtime.
pub async fn offload(lab: Lab) -> Vec<u64> {
    let jobs: Vec<_> = (0..JOBS)
        .map(|id| {
            let lab = lab.clone();
            tokio::task::spawn_blocking(move || lab.blocking_job(id))
        })
        .collect();
    let mut results = Vec::with_capacity(jobs.len());
    for job in jobs {
        results.push(job.await.expect("a job panicked"));
    }
    results
}
