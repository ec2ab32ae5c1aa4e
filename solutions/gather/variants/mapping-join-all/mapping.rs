use std::collections::BTreeMap;

use futures::future::join_all;
use kata_harness::gather::Calculator;

pub async fn doubles(calculator: &Calculator, numbers: &[u64]) -> BTreeMap<u64, u64> {
    let doubles = join_all(numbers.iter().map(|&n| calculator.double(n))).await;
    numbers.iter().copied().zip(doubles).collect()
}

pub async fn doubles_to_triples(calculator: &Calculator, numbers: &[u64]) -> BTreeMap<u64, u64> {
    let (doubles, triples) = tokio::join!(
        join_all(numbers.iter().map(|&n| calculator.double(n))),
        join_all(numbers.iter().map(|&n| calculator.triple(n))),
    );
    doubles.into_iter().zip(triples).collect()
}
