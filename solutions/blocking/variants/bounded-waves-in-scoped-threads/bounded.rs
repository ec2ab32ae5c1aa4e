use kata_harness::blocking::Lab;

pub async fn bounded(lab: Lab, jobs: u32, limit: usize) -> Vec<u64> {
    let ids: Vec<u32> = (0..jobs).collect();
    let mut results = Vec::new();
    for wave in ids.chunks(limit) {
        let lab = &lab;
        let done: Vec<u64> = std::thread::scope(|s| {
            let handles: Vec<_> = wave.iter().map(|&id| s.spawn(move || lab.blocking_job(id))).collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        results.extend(done);
        // Give the rest of the runtime a turn between waves.
        tokio::task::yield_now().await;
    }
    results
}
