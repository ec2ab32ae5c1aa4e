use std::time::Duration;

use kata_harness::streams::{Event, Station, StationId};
use tokio::time::Instant;
use tokio_stream::{Stream, StreamExt};

pub fn merged(north: Station, south: Station, silence: Duration) -> impl Stream<Item = Event> {
    let tag = |station: Station| {
        let id = station.id();
        station.readings().map(move |reading| (id, reading))
    };
    tag(north).merge(tag(south)).timeout(silence).map(|event| match event {
        Ok((station, reading)) => Event::Reading {
            station,
            reading,
            at: Instant::now(),
        },
        Err(_) => Event::Silent {
            station: StationId::North,
            at: Instant::now(),
        },
    })
}
