use std::time::Duration;

use futures::StreamExt;
use futures::stream::FuturesUnordered;
use kata_harness::awaitables::Dice;

pub async fn makerandom(idx: usize, threshold: u32, dice: &Dice) -> u32 {
    let mut tries = tokio::time::interval(Duration::from_secs(idx as u64 + 1));
    loop {
        tries.tick().await; // the first tick is at once
        let i = dice.roll(idx);
        if i > threshold {
            return i;
        }
    }
}

pub async fn three_randoms(dice: Dice) -> [u32; 3] {
    let mut running: FuturesUnordered<_> = (0..3)
        .map(|idx| {
            let dice = &dice;
            async move { (idx, makerandom(idx, 10 - idx as u32 - 1, dice).await) }
        })
        .collect();
    let mut out = [0; 3];
    while let Some((idx, n)) = running.next().await {
        out[idx] = n;
    }
    out
}
