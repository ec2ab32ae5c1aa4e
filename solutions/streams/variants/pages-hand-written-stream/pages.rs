use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::stream::Stream;
use kata_harness::streams::{Listed, Page, PageRequest, PokeApi};

type Fetch = Pin<Box<dyn Future<Output = Page> + Send>>;

struct Pokemon {
    api: PokeApi,
    ready: VecDeque<Listed>,
    next: Option<PageRequest>,
    fetching: Option<Fetch>,
}

impl Stream for Pokemon {
    type Item = Listed;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Listed>> {
        let this = &mut *self;
        loop {
            if let Some(listed) = this.ready.pop_front() {
                return Poll::Ready(Some(listed));
            }
            if this.fetching.is_none() {
                let Some(request) = this.next.take() else {
                    return Poll::Ready(None);
                };
                let api = this.api.clone();
                this.fetching = Some(Box::pin(async move { api.list(request).await }));
            }
            let fetch = this.fetching.as_mut().expect("just set");
            let page = match fetch.as_mut().poll(cx) {
                Poll::Ready(page) => page,
                Poll::Pending => return Poll::Pending,
            };
            this.fetching = None;
            this.ready.extend(page.results);
            this.next = page.next;
        }
    }
}

pub fn pokemon(api: PokeApi) -> impl Stream<Item = Listed> {
    Pokemon {
        api,
        ready: VecDeque::new(),
        next: Some(PageRequest::first()),
        fetching: None,
    }
}
