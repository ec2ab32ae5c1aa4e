//! Measured in real time: why "all at once" can be far less than 150 times as fast. The same
//! 150 requests against servers that limit how many they serve at once, and from a client that
//! limits how many it sends, as aiohttp's connection pool does.
use std::sync::Arc;
use std::time::Instant;

use kata_harness::http::{
    Answer, LATENCY, Latency, OverCap, Server, ServerLog, Settings,
};
use tokio::sync::Semaphore;

/// Sends the 150 requests, at most `limit` at a time, and returns how many came back 200.
async fn fetch_all(base: &str, limit: usize) -> usize {
    let client = reqwest::Client::new();
    let slots = Arc::new(Semaphore::new(limit));
    let tasks: Vec<_> = (1..=150)
        .map(|number| {
            let (client, slots) = (client.clone(), slots.clone());
            let url = format!("{base}/api/v2/pokemon/{number}");
            tokio::spawn(async move {
                let _slot = slots
                    .acquire_owned()
                    .await
                    .expect("the semaphore is never closed");
                let response = client.get(url).send().await.ok()?;
                response.error_for_status().ok()?.bytes().await.ok()
            })
        })
        .collect();
    let mut ok = 0;
    for task in tasks {
        if task.await.expect("the task panicked").is_some() {
            ok += 1;
        }
    }
    ok
}

/// One run: a new server with `settings`, the client at `limit`; what it took, and what the
/// server saw.
async fn run(settings: Settings, limit: usize) -> (f64, usize, ServerLog) {
    let (base, log) = Server::start(settings);
    let start = Instant::now();
    let ok = fetch_all(&base, limit).await;
    (start.elapsed().as_secs_f64(), ok, log)
}

fn turned_away(log: &ServerLog) -> usize {
    log.requests()
        .iter()
        .filter(|r| r.answer == Answer::TooMany)
        .count()
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let open = Settings::new(Latency::Fixed(LATENCY));
    let (one, _, _) = run(open.clone(), 1).await;
    println!("one at a time: {one:.2} s");

    let (secs, _, log) = run(open.clone(), 150).await;
    println!(
        "all 150 at once, to a server that serves as many as come: {secs:.2} s ({:.0}×), {} connections",
        one / secs,
        log.connections().len()
    );

    let (secs, _, log) = run(open, 100).await;
    println!(
        "at most 100 at once (aiohttp's pool), the same server: {secs:.2} s ({:.0}×), {} connections",
        one / secs,
        log.connections().len()
    );

    let (secs, _, log) = run(
        Settings::new(Latency::Fixed(LATENCY)).cap(2, OverCap::Queue),
        150,
    )
    .await;
    println!(
        "all 150 at once, to a server that serves 2 at a time: {secs:.2} s ({:.1}×), at most {} in flight",
        one / secs,
        log.most_in_flight()
    );

    let (secs, ok, log) = run(
        Settings::new(Latency::Fixed(LATENCY)).cap(10, OverCap::Reject),
        150,
    )
    .await;
    println!(
        "all 150 at once, to a server that turns away past 10: {secs:.2} s, {ok} answered, {} turned away (429)",
        turned_away(&log)
    );

    let (secs, ok, log) = run(
        Settings::new(Latency::Fixed(LATENCY)).cap(10, OverCap::Reject),
        10,
    )
    .await;
    println!(
        "at most 10 at once, the same server: {secs:.2} s ({:.0}×), {ok} answered, {} turned away",
        one / secs,
        turned_away(&log)
    );
}
