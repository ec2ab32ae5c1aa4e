//! Seeded numbers: the "random" times and orders of the worlds, the same on every machine and
//! in every version.
//!
//! The asyncio originals sleep `random.random()` seconds; a spec can't judge a time it can't
//! predict, so every world draws its numbers from a seed instead, with the generator written
//! down here rather than taken from a crate whose output might change between versions. The
//! generator is SplitMix64's *finalizer* ([`mix`]): it scrambles any 64-bit input into a
//! well-spread output, so a number can be computed straight from `(seed, key)` — the latency of
//! request 37 needs no state, and does not depend on which request was asked for first.

use std::time::Duration;

/// Added to the input of each draw (the golden ratio in 64 bits): spreads nearby keys apart.
pub const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64's finalizer: a fixed, well-mixing scramble of 64 bits.
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// SplitMix64's output for state `x`: the `n`-th number of a stream seeded `s` is
/// `splitmix64(s + n × GOLDEN)`.
pub fn splitmix64(x: u64) -> u64 {
    mix(x.wrapping_add(GOLDEN))
}

/// A number from `min` to `max` milliseconds (both included), fixed by `seed` and `key`.
pub fn seeded_millis(seed: u64, key: u64, min: u64, max: u64) -> Duration {
    let z = mix(seed ^ key.wrapping_mul(GOLDEN));
    Duration::from_millis(min + z % (max - min + 1))
}

/// Shuffles `items` with a seeded Fisher–Yates: the same order for the same `seed` and `salt`.
pub fn seeded_shuffle<T>(items: &mut [T], seed: u64, salt: u64) {
    for i in (1..items.len()).rev() {
        let j = seeded_millis(seed, salt + i as u64, 0, i as u64).as_millis() as usize;
        items.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_times_stay_in_range() {
        for key in 0..500 {
            let d = seeded_millis(2, key, 20, 400);
            assert!(d >= Duration::from_millis(20) && d <= Duration::from_millis(400));
        }
    }

    /// The worlds' numbers are part of their specs' bounds: they must never change. (Pinned
    /// from the generators the gather and awaitables worlds each wrote before they shared this.)
    #[test]
    fn the_numbers_are_fixed() {
        let times: Vec<u64> = (1..=5)
            .map(|key| seeded_millis(2, key, 20, 64).as_millis() as u64)
            .collect();
        assert_eq!(times, [60, 41, 23, 41, 54]);
        let mut order: Vec<u32> = (0..10).collect();
        seeded_shuffle(&mut order, 2, 1000);
        assert_eq!(order, [5, 8, 7, 4, 2, 3, 9, 6, 1, 0]);
        assert_eq!(splitmix64(444), 7_726_590_288_809_558_433);
    }
}
