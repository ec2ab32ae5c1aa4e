use futures_util::stream::{Stream, StreamExt};
use kata_harness::streams::{ApiError, Details, Listed, PokeApi};

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

pub fn details_as_completed(
    api: PokeApi,
    pokemon: impl Stream<Item = Listed>,
    limit: usize,
) -> impl Stream<Item = Result<Details, ApiError>> {
    details(api, pokemon, limit)
}
