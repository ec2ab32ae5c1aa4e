//! # Kata: websocket — a broadcast server under real clients
//!
//! Python's `websockets` serves a handler per connection: `async with serve(handler, host,
//! port)`, then `async for message in websocket`. Here you write that server with tokio and
//! tokio-tungstenite, and the spec attacks it with real WebSocket clients on `127.0.0.1`: dozens
//! at once, one that stops reading, one that vanishes mid-conversation. They record everything
//! they send and receive, and the listener counts the connections your server holds open.
//!
//! As shipped, both servers work, after a fashion. The spec says what they do not do yet:
//!
//! ```text
//! cargo test -p kata-websocket            # every problem
//! cargo test -p kata-websocket problem1   # one problem
//! ```
//!
//! 1. **echo** (`src/echo.rs`) — `echo` sends every client its own messages back, serving
//!    every connection at once: 50 clients together, and one slow to send delays no other.
//! 2. **broadcast** (`src/chat.rs`) — `chat` is a chat room: every message reaches every
//!    *other* client, each sender's in the order sent, and joins and leaves are announced.
//! 3. **slow reader** (`src/chat.rs`) — a client that stops reading costs the others nothing:
//!    they get their messages on time, and the server keeps at most [`QUEUE`] messages for it,
//!    dropping its oldest ones or the client itself.
//! 4. **goodbye** (`src/chat.rs`) — a client that vanishes (a TCP reset, no close frame) is
//!    announced as gone and its task ends; on `shutdown`, every client gets a close frame and
//!    `chat` returns within a second.
//!
//! The room's protocol: a client's first text message is its name. Then the server tells every
//! other client `"{name} joined"`, relays each later message as `"{name}: {message}"`, and says
//! `"{name} left"` when the client goes, however it goes.
//!
//! The [`Listener`] and [`Shutdown`] are the harness's (`kata_harness::websocket`): a
//! `TcpListener` on `127.0.0.1` that counts open connections, and a future that resolves when
//! the spec asks the server to stop. Everything in `src/` is yours to change, as long as `echo`
//! and `chat` keep their signatures.

mod chat;
mod echo;

pub use chat::chat;
pub use echo::echo;
pub use kata_harness::websocket::{Listener, QUEUE, Shutdown};
