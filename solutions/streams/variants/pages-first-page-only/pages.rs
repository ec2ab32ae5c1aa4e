use futures_util::stream::{self, Stream, StreamExt};
use kata_harness::streams::{Listed, PageRequest, PokeApi};

pub fn pokemon(api: PokeApi) -> impl Stream<Item = Listed> {
    stream::once(async move { stream::iter(api.list(PageRequest::first()).await.results) }).flatten()
}
