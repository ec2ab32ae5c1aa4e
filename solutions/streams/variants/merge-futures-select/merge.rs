use std::time::Duration;

use futures_util::stream::{self, Stream};
use kata_harness::streams::{Event, Station};
use tokio::time::Instant;

pub fn merged(north: Station, south: Station, silence: Duration) -> impl Stream<Item = Event> {
    let watch = |station: Station| {
        let id = station.id();
        let readings = tokio_stream::StreamExt::timeout(station.readings(), silence);
        futures_util::StreamExt::map(readings, move |reading| match reading {
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
    stream::select(watch(north), watch(south))
}
