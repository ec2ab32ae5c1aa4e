//! Problem 1 — pages: the list endpoint's pages as one stream of Pokémon.
//!
//! In Python, an async generator:
//!
//! ```python
//! async def pokemon(api):
//!     page = FIRST_PAGE
//!     while page is not None:
//!         answer = await api.list(page)
//!         for p in answer.results:
//!             yield p
//!         page = answer.next
//! ```

use futures_util::stream::{self, Stream, StreamExt};
use kata_harness::streams::{Listed, PageRequest, PokeApi};

/// Every Pokémon on the list, in order.
// TODO(problem 1): this fetches every page the moment the first Pokémon is asked for, though
// the consumer may want only a few. Fetch a page when an item from it is needed, not before.
pub fn pokemon(api: PokeApi) -> impl Stream<Item = Listed> {
    stream::once(async move {
        let mut all = Vec::new();
        let mut next = Some(PageRequest::first());
        while let Some(request) = next {
            let page = api.list(request).await;
            all.extend(page.results);
            next = page.next;
        }
        stream::iter(all)
    })
    .flatten()
}
