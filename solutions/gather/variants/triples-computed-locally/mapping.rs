use std::collections::BTreeMap;

use kata_harness::gather::Calculator;

async fn all_doubles(calculator: &Calculator, numbers: &[u64]) -> Vec<u64> {
    let handles: Vec<_> = numbers
        .iter()
        .map(|&n| {
            let calculator = calculator.clone();
            tokio::spawn(async move { calculator.double(n).await })
        })
        .collect();
    let mut doubles = Vec::new();
    for handle in handles {
        doubles.push(handle.await.expect("a calculation panicked"));
    }
    doubles
}

pub async fn doubles(calculator: &Calculator, numbers: &[u64]) -> BTreeMap<u64, u64> {
    let doubles = all_doubles(calculator, numbers).await;
    numbers.iter().copied().zip(doubles).collect()
}

pub async fn doubles_to_triples(calculator: &Calculator, numbers: &[u64]) -> BTreeMap<u64, u64> {
    let doubles = all_doubles(calculator, numbers).await;
    doubles.into_iter().map(|d| (d, d / 2 * 3)).collect()
}
