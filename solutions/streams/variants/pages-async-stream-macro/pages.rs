use futures_util::stream::Stream;
use kata_harness::streams::{Listed, PageRequest, PokeApi};

pub fn pokemon(api: PokeApi) -> impl Stream<Item = Listed> {
    async_stream::stream! {
        let mut next = Some(PageRequest::first());
        while let Some(request) = next {
            let page = api.list(request).await;
            for listed in page.results {
                yield listed;
            }
            next = page.next;
        }
    }
}
