use futures_util::stream::{self, Stream, StreamExt};
use kata_harness::streams::{Listed, PageRequest, PokeApi};

pub fn pokemon(api: PokeApi) -> impl Stream<Item = Listed> {
    stream::unfold(Some(PageRequest::first()), move |next| {
        let api = api.clone();
        async move {
            let request = next?;
            let page = api.list(request).await;
            Some((stream::iter(page.results), page.next))
        }
    })
    .flatten()
}
