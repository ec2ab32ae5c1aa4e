//! Problem 3 — doubles and triples: results mapped back to what was asked.

use std::collections::BTreeMap;

use kata_harness::gather::Calculator;

/// Each of `numbers`, mapped to its double (`calculator.double(n)`).
// TODO(problem 3): all the doubles at once.
pub async fn doubles(calculator: &Calculator, numbers: &[u64]) -> BTreeMap<u64, u64> {
    let mut map = BTreeMap::new();
    for &n in numbers {
        map.insert(n, calculator.double(n).await);
    }
    map
}

/// For each of `numbers`, its double mapped to its triple — every double and every triple
/// computed at the same time.
// TODO(problem 3): all twenty computations at once.
pub async fn doubles_to_triples(calculator: &Calculator, numbers: &[u64]) -> BTreeMap<u64, u64> {
    let mut map = BTreeMap::new();
    for &n in numbers {
        let double = calculator.double(n).await;
        let triple = calculator.triple(n).await;
        map.insert(double, triple);
    }
    map
}
