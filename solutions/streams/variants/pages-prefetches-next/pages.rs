use futures_util::stream::{self, Stream, StreamExt};
use kata_harness::streams::{Listed, Page, PageRequest, PokeApi};
use tokio::task::JoinHandle;

pub fn pokemon(api: PokeApi) -> impl Stream<Item = Listed> {
    let first: Option<JoinHandle<Page>> = None;
    stream::unfold((true, first), move |(start, pending)| {
        let api = api.clone();
        async move {
            let page = match (start, pending) {
                (true, _) => api.list(PageRequest::first()).await,
                (false, Some(handle)) => handle.await.ok()?,
                (false, None) => return None,
            };
            // Ask for the next page now, while the consumer works through this one.
            let next = page.next.map(|request| {
                let api = api.clone();
                tokio::spawn(async move { api.list(request).await })
            });
            Some((page.results, (false, next)))
        }
    })
    .flat_map(stream::iter)
}
