use futures_util::stream::Stream;
use kata_harness::streams::{Listed, PageRequest, PokeApi};
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;

pub fn pokemon(api: PokeApi) -> impl Stream<Item = Listed> {
    let (tx, rx) = mpsc::channel(1);
    tokio::spawn(async move {
        let mut next = Some(PageRequest::first());
        while let Some(request) = next {
            let page = api.list(request).await;
            for listed in page.results {
                if tx.send(listed).await.is_err() {
                    return;
                }
            }
            next = page.next;
        }
    });
    ReceiverStream::new(rx)
}
