use std::pin::Pin;
use std::time::Duration;

use futures_util::stream::{self, Stream, StreamExt};
use kata_harness::streams::{Event, Reading, Station, StationId};
use tokio::time::{Instant, sleep_until};

/// One station being watched: its readings, and when it will count as silent (`None` once
/// reported, until its next reading).
struct Watched {
    id: StationId,
    readings: Pin<Box<dyn Stream<Item = Reading> + Send>>,
    silent_at: Option<Instant>,
    ended: bool,
}

enum Next {
    Reading(usize, Option<Reading>),
    Silent(usize),
}

async fn next_of(watched: &mut [Watched; 2]) -> Option<Next> {
    let far = Instant::now() + Duration::from_secs(3600);
    let [north, south] = watched;
    let (n_at, s_at) = (north.silent_at.unwrap_or(far), south.silent_at.unwrap_or(far));
    let (n_live, s_live) = (!north.ended, !south.ended);
    if !n_live && !s_live {
        return None;
    }
    Some(tokio::select! {
        reading = north.readings.next(), if n_live => Next::Reading(0, reading),
        reading = south.readings.next(), if s_live => Next::Reading(1, reading),
        () = sleep_until(n_at), if n_live && north.silent_at.is_some() => Next::Silent(0),
        () = sleep_until(s_at), if s_live && south.silent_at.is_some() => Next::Silent(1),
    })
}

pub fn merged(north: Station, south: Station, silence: Duration) -> impl Stream<Item = Event> {
    let start = Instant::now();
    let watch = |station: Station| Watched {
        id: station.id(),
        readings: Box::pin(station.readings()),
        silent_at: Some(start + silence),
        ended: false,
    };
    let watched = [watch(north), watch(south)];
    stream::unfold(watched, move |mut watched| async move {
        loop {
            match next_of(&mut watched).await? {
                Next::Reading(i, Some(reading)) => {
                    let now = Instant::now();
                    watched[i].silent_at = Some(now + silence);
                    let station = watched[i].id;
                    return Some((
                        Event::Reading {
                            station,
                            reading,
                            at: now,
                        },
                        watched,
                    ));
                }
                Next::Reading(i, None) => watched[i].ended = true,
                Next::Silent(i) => {
                    watched[i].silent_at = None;
                    let station = watched[i].id;
                    return Some((
                        Event::Silent {
                            station,
                            at: Instant::now(),
                        },
                        watched,
                    ));
                }
            }
        }
    })
}
