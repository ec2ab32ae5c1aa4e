//! The polite client's timeline: 150 requests, never more than 10 in flight.
use std::sync::Arc;
use std::time::Duration;

use kata_harness::gather::{LATENCY, Latency, PokeApi};
use kata_harness::{Sim, simulate, timeline};
use tokio::sync::Semaphore;

fn main() {
    let (api, log) = PokeApi::polite(Latency::Fixed(LATENCY), 10);
    let sim = Sim::new(Duration::from_secs(60)).recorder(log.recorder());
    let run = simulate(sim, {
        let api = api.clone();
        move || async move {
            let permits = Arc::new(Semaphore::new(10));
            let handles: Vec<_> = (1..=150)
                .map(|id| {
                    let (api, permits) = (api.clone(), permits.clone());
                    tokio::spawn(async move {
                        let _permit = permits.acquire().await.unwrap();
                        api.fetch(id).await.unwrap()
                    })
                })
                .collect();
            for handle in handles {
                handle.await.unwrap();
            }
        }
    });
    print!("{}", timeline::render(&log.requests(), run.elapsed));
}
