//! The kata's PokeAPI with 30 detail requests, five at a time: `buffered`, then
//! `buffer_unordered`, drawn as timelines (one row per slot in flight).
use std::time::Duration;

use futures_util::stream::{self, StreamExt};
use kata_harness::streams::PokeApi;
use kata_harness::{Sim, simulate, timeline};

fn main() {
    for unordered in [false, true] {
        let (api, log) = PokeApi::polite(5);
        let sim = Sim::new(Duration::from_secs(60)).recorder(log.recorder());
        let run = simulate(sim, move || async move {
            let requests = stream::iter(1..=30).map(move |id| {
                let api = api.clone();
                async move { api.details(id).await }
            });
            if unordered {
                requests.buffer_unordered(5).for_each(|_| async {}).await;
            } else {
                requests.buffered(5).for_each(|_| async {}).await;
            }
        });
        let name = if unordered {
            "buffer_unordered(5)"
        } else {
            "buffered(5)"
        };
        println!("{name}: done at {} ms", run.elapsed.as_millis());
        print!(
            "{}",
            timeline::render(&log.recorder().spans(), Duration::from_millis(1000))
        );
        println!();
    }
}
