//! A job controller: a producer, a work queue, workers, a result queue, result handlers, a
//! per-task callback and a job-completed callback. The channels tell each stage when to stop.
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, mpsc};
use tokio::time::{Instant, sleep};

const WORK_MS: [u64; 12] = [300, 100, 200, 400, 100, 300, 200, 100, 400, 200, 300, 100];

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let t = move || format!("{:>4.1} s", start.elapsed().as_secs_f64());
    let (work_tx, work_rx) = mpsc::channel::<usize>(100);
    let (result_tx, result_rx) = mpsc::channel::<(usize, String)>(100);
    let (work_rx, result_rx) = (
        Arc::new(Mutex::new(work_rx)),
        Arc::new(Mutex::new(result_rx)),
    );

    // The producer: when it is done, its sender goes, and the work queue closes.
    let producer = tokio::spawn(async move {
        for task in 0..WORK_MS.len() {
            work_tx.send(task).await.unwrap();
        }
    });
    let mut workers = Vec::new();
    for worker in 0..3 {
        let (work_rx, result_tx) = (work_rx.clone(), result_tx.clone());
        workers.push(tokio::spawn(async move {
            loop {
                let next = work_rx.lock().await.recv().await;
                let Some(task) = next else { break }; // closed and drained: done
                sleep(Duration::from_millis(WORK_MS[task])).await;
                let result = format!("result of task {task} by worker {worker}");
                result_tx.send((task, result)).await.unwrap();
            }
        }));
    }
    drop(result_tx); // only the workers hold result senders now
    let mut handlers = Vec::new();
    for handler in 0..2 {
        let result_rx = result_rx.clone();
        handlers.push(tokio::spawn(async move {
            loop {
                let next = result_rx.lock().await.recv().await;
                let Some((task, result)) = next else { break };
                // The per-task callback.
                println!("{}  handler {handler}: task {task:>2} → {result}", t());
            }
        }));
    }
    producer.await.unwrap();
    for stage in workers.into_iter().chain(handlers) {
        stage.await.unwrap();
    }
    // The job-completed callback.
    println!(
        "{}  job completed in {:.2} s",
        t(),
        start.elapsed().as_secs_f64()
    );
}
