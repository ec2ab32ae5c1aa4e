use std::time::Duration;

use kata_harness::streams::{Event, Station, StationId};
use tokio::time::Instant;
use tokio_stream::{Stream, StreamExt};

pub fn merged(north: Station, south: Station, silence: Duration) -> impl Stream<Item = Event> {
    let watch = |station: Station| {
        let id = station.id();
        station.readings().timeout(silence).map(move |reading| match reading {
            Ok(reading) => Ok(reading),
            Err(_) => Err(id),
        })
    };
    watch(north).merge(watch(south)).map(|event| match event {
        Ok(reading) => Event::Reading {
            station: StationId::North,
            reading,
            at: Instant::now(),
        },
        Err(station) => Event::Silent {
            station,
            at: Instant::now(),
        },
    })
}
