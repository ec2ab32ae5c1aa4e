//! The queue program on the harness's simulated floor, with one consumer and
//! with three, drawn as timelines: the same renderer the kata's checks use.
use std::sync::Arc;
use std::time::Duration;

use kata_harness::queue::{Floor, QUEUE_SIZE};
use kata_harness::{Sim, fmt_duration, simulate, timeline};
use tokio::sync::{Mutex, mpsc};

async fn program(floor: Floor, consumers: usize) {
    let (tx, rx) = mpsc::channel(QUEUE_SIZE);
    let rx = Arc::new(Mutex::new(rx));
    let producer = {
        let floor = floor.clone();
        tokio::spawn(async move {
            for item in floor.items() {
                tx.send(item).await.unwrap();
                floor.rest().await;
            }
        })
    };
    let mut workers = Vec::new();
    for n in 1..=consumers {
        let (floor, rx) = (floor.clone(), rx.clone());
        workers.push(tokio::spawn(async move {
            loop {
                let item = rx.lock().await.recv().await;
                let Some(item) = item else { break };
                floor.work(&format!("c{n}"), item).await.unwrap();
            }
        }));
    }
    producer.await.unwrap();
    for worker in workers {
        worker.await.unwrap();
    }
}

fn main() {
    for consumers in [1, 3] {
        let (floor, ledger) = Floor::open();
        let sim = Sim::new(Duration::from_secs(60)).recorder(ledger.recorder());
        let run = simulate(sim, move || program(floor, consumers));
        println!(
            "{consumers} consumer(s): {} of simulated time",
            fmt_duration(run.elapsed)
        );
        println!(
            "{}",
            timeline::render(&ledger.recorder().spans(), run.elapsed)
        );
    }
}
