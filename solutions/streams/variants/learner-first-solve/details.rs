//! Problem 2 — buffered: each Pokémon's details, several requests in flight.

use futures_util::stream::{Stream, StreamExt};
use kata_harness::streams::{ApiError, Details, Listed, PokeApi};

/// The details of each Pokémon of `pokemon`, in the same order, with never more than `limit`
/// requests in flight.
// TODO(problem 2): `then` awaits each request before it takes the next Pokémon: one in flight.
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

/// The same details, each handed over the moment its request is done, with never more than
/// `limit` requests in flight.
// TODO(problem 2): as above, one at a time — and in the order asked.
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
