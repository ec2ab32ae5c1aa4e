//! Problem 3 — merge: two weather stations, one stream of events.

use std::time::Duration;

use kata_harness::streams::{Event, Station};
use tokio::time::Instant;
use tokio_stream::{Stream, StreamExt};

/// Both stations' readings as they come in, each as an [`Event::Reading`] stamped with its
/// station and the moment it came in; an [`Event::Silent`] when a station has sent nothing for
/// `silence`; the end when both stations have stopped.
// TODO(problem 3): this hears north to its end, then south; it never reports a silence.
pub fn merged(north: Station, south: Station, silence: Duration) -> impl Stream<Item = Event> {
    let stamp = |station: Station| {
        let id = station.id();
        station.readings().timeout(silence).map(move |reading| match reading {
            Ok(reading) => Event::Reading {
                station: id,
                reading,
                at: Instant::now(),
            },
            Err(_) => Event::Silent {
                station: id,
                at: Instant::now(),
            },
        })
    };
    stamp(north).merge(stamp(south))
}
