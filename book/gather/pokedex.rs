//! 150 requests to the harness's simulated PokeAPI (42 ms each): one after another, all at
//! once, and never more than 10 in flight.
use std::future::Future;
use std::time::Duration;

use kata_harness::gather::PokeApi;
use kata_harness::{Sim, fmt_duration, simulate};
use tokio::task::JoinSet;

async fn one_by_one(api: PokeApi) -> Vec<String> {
    let mut names = Vec::new();
    for id in 1..=150 {
        names.push(api.fetch(id).await.unwrap());
    }
    names
}

async fn all_at_once(api: PokeApi) -> Vec<String> {
    // Spawn every request first, then await the handles in the order they were spawned.
    let handles: Vec<_> = (1..=150)
        .map(|id| {
            let api = api.clone();
            tokio::spawn(async move { api.fetch(id).await.unwrap() })
        })
        .collect();
    let mut names = Vec::new();
    for handle in handles {
        names.push(handle.await.unwrap());
    }
    names
}

async fn ten_at_a_time(api: PokeApi) -> Vec<String> {
    // A window of 10: start 10, and each time one finishes, start the next.
    let mut names = vec![String::new(); 150];
    let mut in_flight = JoinSet::new();
    for id in 1..=150u32 {
        if in_flight.len() == 10 {
            let (done, name) = in_flight.join_next().await.unwrap().unwrap();
            names[done as usize - 1] = name;
        }
        let api = api.clone();
        in_flight.spawn(async move { (id, api.fetch(id).await.unwrap()) });
    }
    while let Some(finished) = in_flight.join_next().await {
        let (done, name) = finished.unwrap();
        names[done as usize - 1] = name;
    }
    names
}

fn measure<F, Fut>(name: &str, strategy: F)
where
    F: FnOnce(PokeApi) -> Fut + Send + 'static,
    Fut: Future<Output = Vec<String>> + 'static,
{
    let (api, log) = PokeApi::open();
    let sim = Sim::new(Duration::from_secs(60)).recorder(log.recorder());
    let run = simulate(sim, {
        let api = api.clone();
        move || strategy(api)
    });
    let pokedex: Vec<&str> = (1..=150).filter_map(|id| log.name(id)).collect();
    let in_order = run.value == pokedex;
    println!(
        "{name:>17}: {:>7}, at most {:>3} in flight, in Pokédex order: {in_order}",
        fmt_duration(run.elapsed),
        log.most_in_flight()
    );
}

fn main() {
    measure("one after another", one_by_one);
    measure("all at once", all_at_once);
    measure("10 at a time", ten_at_a_time);
}
