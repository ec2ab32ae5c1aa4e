//! Problems 2 to 4: a chat room for every client that connects.

use futures_util::{SinkExt, StreamExt};
use kata_harness::websocket::{Conn, Listener, Shutdown};
use tokio_tungstenite::tungstenite::Message;

/// Serves a chat room on `listener` until `shutdown` resolves, then returns.
// TODO(problem 4): `shutdown` is never looked at.
pub async fn chat(listener: Listener, _shutdown: Shutdown) {
    while let Ok((conn, _addr)) = listener.accept().await {
        tokio::spawn(member(conn));
    }
}

/// One member of the room, from handshake to goodbye.
// TODO(problem 2): nobody else hears what a member says, or that it came and went.
// TODO(problem 3): and when someone else does, what if one of them never reads?
async fn member(conn: Conn) {
    let Ok(mut ws) = tokio_tungstenite::accept_async(conn).await else {
        return;
    };
    // The first message is the member's name.
    let name = match ws.next().await {
        Some(Ok(Message::Text(name))) => name.to_string(),
        _ => return,
    };
    while let Some(Ok(message)) = ws.next().await {
        if let Message::Text(text) = message {
            let line = format!("{name}: {text}");
            if ws.send(Message::text(line)).await.is_err() {
                return;
            }
        }
    }
}
