use std::collections::BTreeMap;

use kata_harness::gather::Calculator;
use tokio::task::JoinHandle;

fn spawn_all(numbers: &[u64], work: impl Fn(u64) -> JoinHandle<u64>) -> Vec<JoinHandle<u64>> {
    numbers.iter().map(|&n| work(n)).collect()
}

async fn collect(handles: Vec<JoinHandle<u64>>) -> Vec<u64> {
    let mut results = Vec::with_capacity(handles.len());
    for handle in handles {
        results.push(handle.await.expect("a calculation panicked"));
    }
    results
}

fn doubling(calculator: &Calculator) -> impl Fn(u64) -> JoinHandle<u64> + '_ {
    move |n| {
        let calculator = calculator.clone();
        tokio::spawn(async move { calculator.double(n).await })
    }
}

/// Each number mapped to its double, all computed at once.
pub async fn doubles(calculator: &Calculator, numbers: &[u64]) -> BTreeMap<u64, u64> {
    let doubles = collect(spawn_all(numbers, doubling(calculator))).await;
    numbers.iter().copied().zip(doubles).collect()
}

pub async fn doubles_to_triples(calculator: &Calculator, numbers: &[u64]) -> BTreeMap<u64, u64> {
    let handles: Vec<_> = numbers
        .iter()
        .map(|&n| {
            let calculator = calculator.clone();
            tokio::spawn(async move { (calculator.double(n).await, calculator.triple(n).await) })
        })
        .collect();
    let mut map = BTreeMap::new();
    for handle in handles {
        let (double, triple) = handle.await.expect("a calculation panicked");
        map.insert(double, triple);
    }
    map
}
