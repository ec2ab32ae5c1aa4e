use std::collections::BTreeMap;

use kata_harness::gather::Calculator;
use tokio::task::JoinSet;

pub async fn doubles(calculator: &Calculator, numbers: &[u64]) -> BTreeMap<u64, u64> {
    let mut thinking = JoinSet::new();
    for &n in numbers {
        let calculator = calculator.clone();
        thinking.spawn(async move { calculator.double(n).await });
    }
    let mut doubles = Vec::new();
    while let Some(double) = thinking.join_next().await {
        doubles.push(double.expect("a calculation panicked"));
    }
    numbers.iter().copied().zip(doubles).collect()
}

pub async fn doubles_to_triples(calculator: &Calculator, numbers: &[u64]) -> BTreeMap<u64, u64> {
    let doubles: Vec<_> = numbers
        .iter()
        .map(|&n| {
            let calculator = calculator.clone();
            tokio::spawn(async move { calculator.double(n).await })
        })
        .collect();
    let triples: Vec<_> = numbers
        .iter()
        .map(|&n| {
            let calculator = calculator.clone();
            tokio::spawn(async move { calculator.triple(n).await })
        })
        .collect();
    let mut map = BTreeMap::new();
    for (double, triple) in doubles.into_iter().zip(triples) {
        map.insert(double.await.expect("panicked"), triple.await.expect("panicked"));
    }
    map
}
