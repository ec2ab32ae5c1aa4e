//! makerandom for one task: roll until the number beats the threshold, waiting `idx + 1`
//! seconds between tries. The dice are the harness's seeded dice, so every run rolls the same.
use std::time::Duration;

use kata_harness::awaitables::{Dice, SEED};
use tokio::time::{Instant, sleep};

async fn makerandom(idx: usize, threshold: u32, dice: &Dice, start: Instant) -> u32 {
    let t = || format!("{:>4.1} s", start.elapsed().as_secs_f64());
    println!("{}  Initiated makerandom({idx}).", t());
    let mut i = dice.roll(idx);
    while i <= threshold {
        println!("{}  makerandom({idx}) == {i} too low; retrying.", t());
        sleep(Duration::from_secs(idx as u64 + 1)).await;
        i = dice.roll(idx);
    }
    println!("{}  ---> Finished: makerandom({idx}) == {i}", t());
    i
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (dice, _record) = Dice::new(SEED); // the record is for the kata's judge
    let start = Instant::now();
    let r = makerandom(1, 8, &dice, start).await;
    println!("r1: {r}");
}
