use std::collections::HashMap;
use std::sync::Arc;

use futures_util::stream::SplitSink;
use futures_util::{SinkExt, StreamExt};
use kata_harness::websocket::{Conn, Listener, Shutdown};
use tokio::sync::Mutex;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;

type Sink = SplitSink<WebSocketStream<Conn>, Message>;
type Room = Arc<Mutex<HashMap<u64, Sink>>>;

pub async fn chat(listener: Listener, mut shutdown: Shutdown) {
    let room: Room = Arc::default();
    let mut next = 0;
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => {
                let Ok((conn, _)) = accepted else { continue };
                next += 1;
                tokio::spawn(member(conn, next, room.clone()));
            }
        }
    }
    let mut room = room.lock().await;
    for (_, mut sink) in room.drain() {
        let _ = sink.send(Message::Close(None)).await;
    }
}

/// Sends `line` to every member but `from`, one after another.
async fn say(room: &Room, from: u64, line: String) {
    let mut room = room.lock().await;
    for (id, sink) in room.iter_mut() {
        if *id != from {
            let _ = sink.send(Message::text(line.clone())).await;
        }
    }
}

async fn member(conn: Conn, id: u64, room: Room) {
    let Ok(ws) = tokio_tungstenite::accept_async(conn).await else { return };
    let (sink, mut stream) = ws.split();
    let name = match stream.next().await {
        Some(Ok(Message::Text(name))) => name.to_string(),
        _ => return,
    };
    room.lock().await.insert(id, sink);
    say(&room, id, format!("{name} joined")).await;
    while let Some(Ok(message)) = stream.next().await {
        if let Message::Text(text) = message {
            say(&room, id, format!("{name}: {text}")).await;
        }
    }
    room.lock().await.remove(&id);
    say(&room, id, format!("{name} left")).await;
}
