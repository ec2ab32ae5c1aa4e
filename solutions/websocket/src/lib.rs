//! Reference solution of the websocket kata: a task per connection (`echo.rs`); a chat room on
//! a `tokio::sync::broadcast` channel of [`QUEUE`] messages, whose `Lagged` error drops a slow
//! reader's oldest messages; a `watch` channel that tells every member to close on shutdown
//! (`chat.rs`).

mod chat;
mod echo;

pub use chat::chat;
pub use echo::echo;
pub use kata_harness::websocket::{Listener, QUEUE, Shutdown};
