//! Problem 4: each task rolls its own stream of the dice, so the numbers do not depend on the
//! order the three run in; `join!` runs them side by side, and the run takes as long as the
//! slowest task, not the sum.

use std::time::Duration;

use kata_harness::awaitables::Dice;

/// Task `idx` rolls until it gets a number above `threshold`, waiting `idx + 1` s between tries.
pub async fn makerandom(idx: usize, threshold: u32, dice: &Dice) -> u32 {
    let mut i = dice.roll(idx);
    while i <= threshold {
        tokio::time::sleep(Duration::from_secs(idx as u64 + 1)).await;
        i = dice.roll(idx);
    }
    i
}

/// Three makerandom tasks side by side; their numbers in `idx` order.
pub async fn three_randoms(dice: Dice) -> [u32; 3] {
    let (r0, r1, r2) = tokio::join!(
        makerandom(0, 9, &dice),
        makerandom(1, 8, &dice),
        makerandom(2, 7, &dice)
    );
    [r0, r1, r2]
}
