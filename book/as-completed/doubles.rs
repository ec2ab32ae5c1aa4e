//! get_double with as_completed: each result goes into the map the moment it arrives.
use std::collections::BTreeMap;

use kata_harness::gather::{Calculator, shuffled_numbers};
use tokio::task::JoinSet;
use tokio::time::Instant;

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let calculator = Calculator::new();
    let numbers = shuffled_numbers();
    println!("Processing numbers: {numbers:?}");
    let start = Instant::now();

    let mut thinking = JoinSet::new();
    for n in numbers {
        let calculator = calculator.clone();
        // Each task returns its input along with its result: the order is lost on the way.
        thinking.spawn(async move { (n, calculator.double(n).await) });
    }
    let mut result = BTreeMap::new();
    while let Some(done) = thinking.join_next().await {
        let (n, double) = done.unwrap();
        println!(
            "{:>7.3} s  {n}: got it: {double}",
            start.elapsed().as_secs_f64()
        );
        result.insert(n, double);
    }
    println!("{result:?}");
}
