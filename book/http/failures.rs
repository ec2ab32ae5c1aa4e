//! Measured in real time: what reqwest says when a server misbehaves. A local PokeAPI where #3
//! answers 503, #4 never answers and #5 sends its body a few bytes at a time; each asked once
//! with a 300 ms timeout (aiohttp's `ClientTimeout(total=0.3)`), then #3 and #4 again with
//! retries.
use std::time::{Duration, Instant};

use kata_harness::http::{ALWAYS, Fault, LATENCY, Latency, Server, Settings};

/// What one attempt came to, in words: a name, or which kind of error.
async fn attempt(client: &reqwest::Client, base: &str, id: u32) -> String {
    let answer = async {
        // aiohttp: session.get(url, timeout=ClientTimeout(total=0.3)), resp.raise_for_status()
        let response = client
            .get(format!("{base}/api/v2/pokemon/{id}"))
            .timeout(Duration::from_millis(300))
            .send()
            .await?
            .error_for_status()?;
        let pokemon: serde_json::Value = response.json().await?;
        reqwest::Result::Ok(pokemon["name"].as_str().unwrap_or_default().to_owned())
    };
    match answer.await {
        Ok(name) => format!("Ok({name:?})"),
        Err(err) if err.is_timeout() => "Err: timed out (is_timeout)".to_owned(),
        Err(err) => match err.status() {
            Some(status) => format!("Err: status {status}"),
            None => format!("Err: {err}"),
        },
    }
}

/// Up to `retries` more attempts after a failed one, waiting 100 ms, then 200 ms, ….
async fn with_retries(
    client: &reqwest::Client,
    base: &str,
    id: u32,
    retries: u32,
) -> String {
    let mut said = Vec::new();
    for retry in 0..=retries {
        if retry > 0 {
            tokio::time::sleep(Duration::from_millis(100) * 2u32.pow(retry - 1)).await;
        }
        let outcome = attempt(client, base, id).await;
        let done = outcome.starts_with("Ok");
        said.push(outcome);
        if done {
            break;
        }
    }
    said.join(", then ")
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let settings = Settings::new(Latency::Fixed(LATENCY))
        .fault(3, Fault::Unavailable, 1)
        .fault(4, Fault::Stall, 1)
        .fault(5, Fault::SlowBody, ALWAYS);
    let (base, _log) = Server::start(settings);
    let client = reqwest::Client::new();

    println!("once each:");
    for id in 1..=5 {
        let start = Instant::now();
        let outcome = attempt(&client, &base, id).await;
        println!("  #{id} {outcome} after {} ms", start.elapsed().as_millis());
    }

    println!(
        "with two retries, from a server where #3 and #4 fail only the first time:"
    );
    let (base, _log) = Server::start(
        Settings::new(Latency::Fixed(LATENCY))
            .fault(3, Fault::Unavailable, 1)
            .fault(4, Fault::Stall, 1),
    );
    for id in [3, 4] {
        let start = Instant::now();
        let outcome = with_retries(&client, &base, id, 2).await;
        println!("  #{id} {outcome}, in {} ms", start.elapsed().as_millis());
    }
}
