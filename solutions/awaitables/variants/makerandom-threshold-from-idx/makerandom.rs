use std::time::Duration;

use kata_harness::awaitables::Dice;

pub async fn makerandom(idx: usize, _threshold: u32, dice: &Dice) -> u32 {
    let threshold = 10 - idx as u32 - 1;
    let mut i = dice.roll(idx);
    while i <= threshold {
        tokio::time::sleep(Duration::from_secs(idx as u64 + 1)).await;
        i = dice.roll(idx);
    }
    i
}

pub async fn three_randoms(dice: Dice) -> [u32; 3] {
    let (r0, r1, r2) = tokio::join!(
        makerandom(0, 9, &dice),
        makerandom(1, 8, &dice),
        makerandom(2, 7, &dice)
    );
    [r0, r1, r2]
}
