//! `select!` in a loop: which branch wins when both are ready, and what happens to a
//! branch's future each time another branch wins.
use std::future::ready;
use std::pin::pin;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::{Instant, interval_at, sleep};

/// Not cancel-safe: it takes one item off the queue, then waits for a second one.
async fn read_pair(rx: &mut mpsc::Receiver<u32>, start: Instant) -> Option<(u32, u32)> {
    let first = rx.recv().await?;
    println!(
        "{:>5.2} s  read_pair took {first}",
        start.elapsed().as_secs_f64()
    );
    let second = rx.recv().await?;
    println!(
        "{:>5.2} s  read_pair took {second}",
        start.elapsed().as_secs_f64()
    );
    Some((first, second))
}

/// The same, owning the receiver and handing it back, so that one call can live across
/// many turns of the loop.
async fn read_pair_owned(
    mut rx: mpsc::Receiver<u32>,
    start: Instant,
) -> (Option<(u32, u32)>, mpsc::Receiver<u32>) {
    let pair = read_pair(&mut rx, start).await;
    (pair, rx)
}

/// Items 1 to 6, one every 300 ms.
fn items() -> mpsc::Receiver<u32> {
    let (tx, rx) = mpsc::channel(10);
    tokio::spawn(async move {
        for item in 1..=6 {
            sleep(Duration::from_millis(300)).await;
            tx.send(item).await.unwrap();
        }
    });
    rx
}

/// A tick at 0.45 s, then every 500 ms.
fn ticks(start: Instant) -> tokio::time::Interval {
    interval_at(
        start + Duration::from_millis(450),
        Duration::from_millis(500),
    )
}

fn report(pairs: &[(u32, u32)]) {
    let paired: Vec<u32> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
    let lost: Vec<u32> = (1..=6).filter(|n| !paired.contains(n)).collect();
    println!("pairs {pairs:?}; items lost: {lost:?}");
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    println!("-- two branches, both ready, 1000 times");
    let mut wins = [0, 0];
    for _ in 0..1000 {
        tokio::select! {
            _ = ready(()) => wins[0] += 1,
            _ = ready(()) => wins[1] += 1,
        }
    }
    let both = wins[0] > 0 && wins[1] > 0;
    println!("without biased;  each branch won some rounds: {both}");
    let mut first = 0;
    for _ in 0..1000 {
        tokio::select! {
            biased;
            _ = ready(()) => first += 1,
            _ = ready(()) => {}
        }
    }
    println!("with biased;     the first branch won {first} of 1000 rounds");

    println!("-- a new read_pair() each time round the loop");
    let start = Instant::now();
    let (mut rx, mut ticker) = (items(), ticks(start));
    let mut pairs = Vec::new();
    loop {
        tokio::select! {
            pair = read_pair(&mut rx, start) => match pair {
                Some(pair) => pairs.push(pair),
                None => break,
            },
            _ = ticker.tick() => {
                println!("{:>5.2} s  tick", start.elapsed().as_secs_f64());
            }
        }
    }
    report(&pairs);

    println!("-- one read_pair() kept across the loop, resumed with &mut");
    let start = Instant::now();
    let mut ticker = ticks(start);
    let mut pairs = Vec::new();
    let mut reading = pin!(read_pair_owned(items(), start));
    loop {
        tokio::select! {
            (pair, rx) = &mut reading => match pair {
                Some(pair) => {
                    pairs.push(pair);
                    reading.set(read_pair_owned(rx, start)); // the next pair
                }
                None => break,
            },
            _ = ticker.tick() => {
                println!("{:>5.2} s  tick", start.elapsed().as_secs_f64());
            }
        }
    }
    report(&pairs);
}
