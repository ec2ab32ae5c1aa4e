use std::time::Duration;

use kata_harness::awaitables::Dice;
use tokio::sync::mpsc;

pub async fn makerandom(idx: usize, threshold: u32, dice: &Dice) -> u32 {
    let mut i = dice.roll(idx);
    while i <= threshold {
        tokio::time::sleep(Duration::from_secs(idx as u64 + 1)).await;
        i = dice.roll(idx);
    }
    i
}

pub async fn three_randoms(dice: Dice) -> [u32; 3] {
    let (tx, mut rx) = mpsc::channel(3);
    for (idx, threshold) in [(0, 9), (1, 8), (2, 7)] {
        let (tx, dice) = (tx.clone(), dice.clone());
        tokio::spawn(async move { tx.send(makerandom(idx, threshold, &dice).await).await.unwrap() });
    }
    let mut out = [0; 3];
    for slot in &mut out {
        *slot = rx.recv().await.unwrap();
    }
    out
}
