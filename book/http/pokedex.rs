//! Measured in real time: the asyncio notes' two programs, for real. A local PokeAPI (the
//! harness's HTTP server on 127.0.0.1, 42 ms per answer) and reqwest: 150 Pokémon one after
//! another, then all at once, with what the server saw.
use std::time::Instant;

use kata_harness::http::{LATENCY, Latency, Server, ServerLog, Settings};

/// The name in a Pokémon's JSON: `pokemon['name']`.
async fn name(client: &reqwest::Client, url: String) -> reqwest::Result<String> {
    let pokemon: serde_json::Value = client
        .get(url)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    Ok(pokemon["name"].as_str().unwrap_or_default().to_owned())
}

// async with aiohttp.ClientSession() as session:
//     for number in range(1, 151):
//         async with session.get(f'{base}/api/v2/pokemon/{number}') as resp:
//             pokemon = await resp.json()
async fn one_after_another(base: &str) -> reqwest::Result<Vec<String>> {
    let client = reqwest::Client::new();
    let mut names = Vec::new();
    for number in 1..=150 {
        names.push(name(&client, format!("{base}/api/v2/pokemon/{number}")).await?);
    }
    Ok(names)
}

// tasks = [asyncio.ensure_future(get_pokemon(session, url)) for url in urls]
// original_pokemon = await asyncio.gather(*tasks)
async fn all_at_once(base: &str) -> reqwest::Result<Vec<String>> {
    let client = reqwest::Client::new();
    let tasks: Vec<_> = (1..=150)
        .map(|number| {
            // A clone of the client shares its pool of connections: one session.
            let (client, url) =
                (client.clone(), format!("{base}/api/v2/pokemon/{number}"));
            tokio::spawn(async move { name(&client, url).await })
        })
        .collect();
    let mut names = Vec::new();
    for task in tasks {
        names.push(task.await.expect("the task panicked")?);
    }
    Ok(names)
}

fn report(title: &str, names: &[String], seconds: f64, log: &ServerLog) {
    println!("{title}: {} names in {seconds:.2} s", names.len());
    println!(
        "  {} … {}",
        names[..3].join(" "),
        names[names.len() - 4..].join(" ")
    );
    println!(
        "  the server saw: connections {}, at most {} in flight at once",
        log.connections().len(),
        log.most_in_flight()
    );
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> reqwest::Result<()> {
    let settings = Settings::new(Latency::Fixed(LATENCY));

    let (base, log) = Server::start(settings.clone());
    let start = Instant::now();
    let names = one_after_another(&base).await?;
    let sequential = start.elapsed().as_secs_f64();
    report("one after another", &names, sequential, &log);

    let (base, log) = Server::start(settings);
    let start = Instant::now();
    let names = all_at_once(&base).await?;
    let concurrent = start.elapsed().as_secs_f64();
    report("all at once", &names, concurrent, &log);

    println!(
        "all at once is {:.0} times as fast",
        sequential / concurrent
    );
    Ok(())
}
