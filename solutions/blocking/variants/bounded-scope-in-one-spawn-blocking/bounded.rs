use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};

use kata_harness::blocking::Lab;

pub async fn bounded(lab: Lab, jobs: u32, limit: usize) -> Vec<u64> {
    tokio::task::spawn_blocking(move || {
        let next = AtomicU32::new(0);
        let results = Mutex::new(vec![0; jobs as usize]);
        std::thread::scope(|s| {
            for _ in 0..limit {
                s.spawn(|| {
                    loop {
                        let id = next.fetch_add(1, Ordering::SeqCst);
                        if id >= jobs {
                            break;
                        }
                        let result = lab.blocking_job(id);
                        results.lock().unwrap()[id as usize] = result;
                    }
                });
            }
        });
        results.into_inner().unwrap()
    })
    .await
    .unwrap()
}
