//! Problem 2 — each Pokémon's details, at most `limit` requests in flight.

use futures_util::stream::{Stream, StreamExt};
use kata_harness::streams::{ApiError, Details, Listed, PokeApi};

/// The details of each Pokémon of `pokemon`, in the same order, with at most `limit` requests
/// in flight: `buffered` keeps `limit` futures running and yields their outputs in order.
pub fn details(
    api: PokeApi,
    pokemon: impl Stream<Item = Listed>,
    limit: usize,
) -> impl Stream<Item = Result<Details, ApiError>> {
    pokemon
        .map(move |listed| {
            let api = api.clone();
            async move { api.details(listed.id).await }
        })
        .buffered(limit)
}

/// The same details in the order the requests finish: `buffer_unordered` yields each output
/// the moment it is ready, and frees its slot for the next request at once.
pub fn details_as_completed(
    api: PokeApi,
    pokemon: impl Stream<Item = Listed>,
    limit: usize,
) -> impl Stream<Item = Result<Details, ApiError>> {
    pokemon
        .map(move |listed| {
            let api = api.clone();
            async move { api.details(listed.id).await }
        })
        .buffer_unordered(limit)
}
