//! Reference solution of the streams kata: `unfold` for the pages, `buffered` and
//! `buffer_unordered` for the details, `timeout` on each station before a `merge`, and
//! `chunks_timeout` over a `ReceiverStream` for the batches.

pub mod batches;
pub mod details;
pub mod merge;
pub mod pages;
