use std::collections::BTreeMap;

use futures_util::stream::{self, Stream, StreamExt};
use kata_harness::streams::{ApiError, Details, Listed, PokeApi};

pub fn details(
    api: PokeApi,
    pokemon: impl Stream<Item = Listed>,
    limit: usize,
) -> impl Stream<Item = Result<Details, ApiError>> {
    let finished = pokemon
        .enumerate()
        .map(move |(place, listed)| {
            let api = api.clone();
            async move { (place, api.details(listed.id).await) }
        })
        .buffer_unordered(limit);
    // Each finished result waits in `held` until every result before it has been handed over.
    let state = (Box::pin(finished), BTreeMap::new(), 0usize);
    stream::unfold(state, |(mut finished, mut held, next)| async move {
        loop {
            if let Some(result) = held.remove(&next) {
                return Some((result, (finished, held, next + 1)));
            }
            let (place, result) = finished.next().await?;
            held.insert(place, result);
        }
    })
}

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
