//! On a multi-thread runtime, `block_in_place` lets a task block the worker thread it
//! runs on: the runtime first hands that worker's other tasks to a new thread. Here the
//! runtime has one worker, and a ticker shares it with a task that blocks for 200 ms.
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// Blocks its worker thread for 200 ms; says whether the ticker ticked meanwhile.
async fn block_the_worker(ticks: Arc<AtomicU32>, in_place: bool) -> &'static str {
    let before = ticks.load(Ordering::SeqCst);
    let blocking_call = || std::thread::sleep(Duration::from_millis(200));
    if in_place {
        tokio::task::block_in_place(blocking_call);
    } else {
        blocking_call();
    }
    if ticks.load(Ordering::SeqCst) > before {
        "yes"
    } else {
        "no"
    }
}

fn main() {
    for in_place in [false, true] {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_time()
            .build()
            .unwrap();
        let ticked = runtime.block_on(async {
            let ticks = Arc::new(AtomicU32::new(0));
            let ticker = tokio::spawn({
                let ticks = ticks.clone();
                async move {
                    loop {
                        tokio::time::sleep(Duration::from_millis(5)).await;
                        ticks.fetch_add(1, Ordering::SeqCst);
                    }
                }
            });
            while ticks.load(Ordering::SeqCst) < 2 {
                // Wait until the ticker is going.
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            let blocker = tokio::spawn(block_the_worker(ticks, in_place));
            let ticked = blocker.await.unwrap();
            ticker.abort();
            ticked
        });
        let how = if in_place {
            "in block_in_place:"
        } else {
            "called directly:"
        };
        println!("{how:<18} the ticker ticked while the worker was blocked: {ticked}");
    }
}
