//! Problem 1 — the list endpoint's pages as one lazy stream of Pokémon.

use futures_util::stream::{self, Stream, StreamExt};
use kata_harness::streams::{Listed, PageRequest, PokeApi};

/// Every Pokémon on the list, in order, fetching a page only when the consumer asks for an
/// item the pages so far don't hold.
///
/// `unfold` is an async generator by hand: its state is the request for the next page (`None`
/// after the last), and each step fetches one page. `flat_map` hands out the page's Pokémon one
/// by one, and asks `unfold` for the next page only when they are used up.
pub fn pokemon(api: PokeApi) -> impl Stream<Item = Listed> {
    stream::unfold(Some(PageRequest::first()), move |next| {
        let api = api.clone();
        async move {
            let page = api.list(next?).await;
            Some((page.results, page.next))
        }
    })
    .flat_map(stream::iter)
}
