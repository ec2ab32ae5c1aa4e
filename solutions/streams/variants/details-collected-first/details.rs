use futures_util::stream::{self, Stream, StreamExt};
use kata_harness::streams::{ApiError, Details, Listed, PokeApi};

pub fn details(
    api: PokeApi,
    pokemon: impl Stream<Item = Listed>,
    limit: usize,
) -> impl Stream<Item = Result<Details, ApiError>> {
    let all = pokemon
        .map(move |listed| {
            let api = api.clone();
            async move { api.details(listed.id).await }
        })
        .buffered(limit)
        .collect::<Vec<_>>();
    stream::once(all).flat_map(stream::iter)
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
