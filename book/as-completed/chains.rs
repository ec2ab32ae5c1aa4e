//! Chained coroutines: part1(n), then part2(n, its result), for three chains side by side.
//! Each chain times itself; the program takes as long as the longest chain.
use std::time::Duration;

use kata_harness::as_completed::{Parts, PartsLog};
use kata_harness::{Sim, simulate, timeline};
use tokio::time::Instant;

async fn chain(parts: Parts, log: PartsLog, n: u32, start: Instant) {
    let t = || format!("{:>5.1} s", start.elapsed().as_secs_f64());
    let begun = Instant::now();
    println!("{}  part1({n}) sleeping for {:?}", t(), log.part1_time(n));
    let p1 = parts.part1(n).await;
    println!(
        "{}  part2({n}, {p1:?}) sleeping for {:?}",
        t(),
        log.part2_time(n)
    );
    let p2 = parts.part2(n, &p1).await;
    let took = begun.elapsed().as_secs_f64();
    println!("{}  --> chained result{n} => {p2} (took {took:.2} s)", t());
}

fn main() {
    let (parts, log) = Parts::new();
    let sim = Sim::new(Duration::from_secs(60)).recorder(log.recorder());
    let run = simulate(sim, {
        let log = log.clone();
        move || async move {
            let start = Instant::now();
            let chains: Vec<_> = [1, 2, 3]
                .map(|n| tokio::spawn(chain(parts.clone(), log.clone(), n, start)))
                .into_iter()
                .collect();
            for chain in chains {
                chain.await.unwrap();
            }
        }
    });
    println!("Program finished in {:.2} s.\n", run.elapsed.as_secs_f64());
    print!("{}", timeline::render(&log.recorder().spans(), run.elapsed));
}
