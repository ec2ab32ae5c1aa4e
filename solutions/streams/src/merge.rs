//! Problem 3 — two stations merged into one stream of events.

use std::time::Duration;

use kata_harness::streams::{Event, Station};
use tokio::time::Instant;
use tokio_stream::{Stream, StreamExt};

/// Both stations' readings as they come, each stamped with its station and the moment it came
/// in, and a [`Event::Silent`] whenever a station has sent nothing for `silence`. Ends when both
/// stations have stopped.
///
/// Each station gets its own `timeout` *before* the merge: after the merge, the other station's
/// readings would keep resetting the clock. tokio-stream's `timeout` yields one `Err(Elapsed)`
/// per silence and goes on; when its station stops, it ends with it.
pub fn merged(north: Station, south: Station, silence: Duration) -> impl Stream<Item = Event> {
    let watch = |station: Station| {
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
    watch(north).merge(watch(south))
}
