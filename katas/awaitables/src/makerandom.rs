//! Problem 4 — makerandom: random numbers until each passes its threshold.

use kata_harness::awaitables::Dice;

/// Task `idx` rolls `dice` until it gets a number above `threshold`, waiting `idx + 1` seconds
/// before each new try, and returns that number.
// TODO(problem 4): one roll is not enough.
pub async fn makerandom(idx: usize, threshold: u32, dice: &Dice) -> u32 {
    let _ = threshold;
    dice.roll(idx)
}

/// Three makerandom tasks, `idx` 0, 1 and 2, each with threshold `10 - idx - 1`, side by side.
/// Returns their numbers in `idx` order.
// TODO(problem 4): side by side, not one after another.
pub async fn three_randoms(dice: Dice) -> [u32; 3] {
    let r0 = makerandom(0, 9, &dice).await;
    let r1 = makerandom(1, 8, &dice).await;
    let r2 = makerandom(2, 7, &dice).await;
    [r0, r1, r2]
}
