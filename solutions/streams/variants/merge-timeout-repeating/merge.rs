use std::time::Duration;

use kata_harness::streams::{Event, Station};
use tokio::time::Instant;
use tokio_stream::{Stream, StreamExt};

pub fn merged(north: Station, south: Station, silence: Duration) -> impl Stream<Item = Event> {
    let watch = |station: Station| {
        let id = station.id();
        station
            .readings()
            .timeout_repeating(tokio::time::interval(silence))
            .map(move |reading| match reading {
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
