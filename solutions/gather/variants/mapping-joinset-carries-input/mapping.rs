use std::collections::BTreeMap;

use kata_harness::gather::Calculator;
use tokio::task::JoinSet;

pub async fn doubles(calculator: &Calculator, numbers: &[u64]) -> BTreeMap<u64, u64> {
    let mut thinking = JoinSet::new();
    for &n in numbers {
        let calculator = calculator.clone();
        thinking.spawn(async move { (n, calculator.double(n).await) });
    }
    let mut map = BTreeMap::new();
    while let Some(done) = thinking.join_next().await {
        let (n, double) = done.expect("a calculation panicked");
        map.insert(n, double);
    }
    map
}

pub async fn doubles_to_triples(calculator: &Calculator, numbers: &[u64]) -> BTreeMap<u64, u64> {
    let mut thinking = JoinSet::new();
    for &n in numbers {
        let c = calculator.clone();
        thinking.spawn(async move { (n, false, c.double(n).await) });
        let c = calculator.clone();
        thinking.spawn(async move { (n, true, c.triple(n).await) });
    }
    let (mut doubles, mut triples) = (BTreeMap::new(), BTreeMap::new());
    while let Some(done) = thinking.join_next().await {
        match done.expect("a calculation panicked") {
            (n, false, double) => doubles.insert(n, double),
            (n, true, triple) => triples.insert(n, triple),
        };
    }
    numbers.iter().map(|n| (doubles[n], triples[n])).collect()
}
