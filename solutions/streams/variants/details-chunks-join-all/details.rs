use futures_util::future::join_all;
use futures_util::stream::{self, Stream, StreamExt};
use kata_harness::streams::{ApiError, Details, Listed, PokeApi};

pub fn details(
    api: PokeApi,
    pokemon: impl Stream<Item = Listed>,
    limit: usize,
) -> impl Stream<Item = Result<Details, ApiError>> {
    pokemon
        .chunks(limit)
        .then(move |chunk| {
            let api = api.clone();
            async move { join_all(chunk.iter().map(|listed| api.details(listed.id))).await }
        })
        .flat_map(stream::iter)
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
