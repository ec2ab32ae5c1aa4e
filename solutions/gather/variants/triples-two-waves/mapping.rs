use std::collections::BTreeMap;

use kata_harness::gather::Calculator;

async fn gather(calculator: &Calculator, numbers: &[u64], triple: bool) -> Vec<u64> {
    let handles: Vec<_> = numbers
        .iter()
        .map(|&n| {
            let calculator = calculator.clone();
            tokio::spawn(async move {
                if triple { calculator.triple(n).await } else { calculator.double(n).await }
            })
        })
        .collect();
    let mut results = Vec::new();
    for handle in handles {
        results.push(handle.await.expect("a calculation panicked"));
    }
    results
}

pub async fn doubles(calculator: &Calculator, numbers: &[u64]) -> BTreeMap<u64, u64> {
    let doubles = gather(calculator, numbers, false).await;
    numbers.iter().copied().zip(doubles).collect()
}

pub async fn doubles_to_triples(calculator: &Calculator, numbers: &[u64]) -> BTreeMap<u64, u64> {
    let doubles = gather(calculator, numbers, false).await;
    let triples = gather(calculator, numbers, true).await;
    doubles.into_iter().zip(triples).collect()
}
