use std::time::Duration;

use kata_harness::awaitables::Dice;

pub async fn makerandom(idx: usize, threshold: u32, dice: &Dice) -> u32 {
    let mut i = dice.roll(idx);
    while i <= threshold {
        tokio::time::sleep(Duration::from_secs(idx as u64 + 1)).await;
        i = dice.roll(idx);
    }
    i
}

pub async fn three_randoms(dice: Dice) -> [u32; 3] {
    let handles = [0, 1, 2].map(|idx| {
        let dice = dice.clone();
        tokio::spawn(async move { makerandom(idx, 10 - idx as u32 - 1, &dice).await })
    });
    let mut out = [0; 3];
    for (slot, handle) in out.iter_mut().zip(handles) {
        *slot = handle.await.unwrap();
    }
    out
}
