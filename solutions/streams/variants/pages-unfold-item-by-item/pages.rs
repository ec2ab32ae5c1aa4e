use std::collections::VecDeque;

use futures_util::stream::{self, Stream};
use kata_harness::streams::{Listed, PageRequest, PokeApi};

pub fn pokemon(api: PokeApi) -> impl Stream<Item = Listed> {
    let start = (VecDeque::new(), Some(PageRequest::first()));
    stream::unfold(start, move |(mut left, mut next)| {
        let api = api.clone();
        async move {
            while left.is_empty() {
                let page = api.list(next?).await;
                left.extend(page.results);
                next = page.next;
            }
            let listed = left.pop_front()?;
            Some((listed, (left, next)))
        }
    })
}
