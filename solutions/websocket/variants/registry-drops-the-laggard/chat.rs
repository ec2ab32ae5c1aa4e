use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use futures_util::{SinkExt, StreamExt};
use kata_harness::websocket::{Conn, Listener, Shutdown};
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio_tungstenite::tungstenite::Message;

/// Every member's outbox: `QUEUE` messages at most; a member whose outbox is full is dropped.
type Room = Arc<Mutex<HashMap<u64, mpsc::Sender<Message>>>>;

pub async fn chat(listener: Listener, mut shutdown: Shutdown) {
    let room: Room = Arc::default();
    let mut members = JoinSet::new();
    let mut next = 0;
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => {
                let Ok((conn, _)) = accepted else { continue };
                next += 1;
                members.spawn(member(conn, next, room.clone()));
            }
        }
    }
    // Every outbox gets a close frame; each writer sends it and ends.
    let outboxes: Vec<_> = room.lock().unwrap().drain().map(|(_, outbox)| outbox).collect();
    for outbox in outboxes {
        let _ = outbox.try_send(Message::Close(None));
    }
    let _ = tokio::time::timeout(std::time::Duration::from_millis(500), async {
        while members.join_next().await.is_some() {}
    })
    .await;
    members.shutdown().await;
}

fn say(room: &Room, from: u64, line: &str) {
    let mut room = room.lock().unwrap();
    room.retain(|id, outbox| *id == from || outbox.try_send(Message::text(line)).is_ok());
}

async fn member(conn: Conn, id: u64, room: Room) {
    let Ok(ws) = tokio_tungstenite::accept_async(conn).await else { return };
    let (mut sink, mut stream) = ws.split();
    let name = match stream.next().await {
        Some(Ok(Message::Text(name))) => name.to_string(),
        _ => return,
    };
    let (outbox, mut inbox) = mpsc::channel(kata_harness::websocket::QUEUE);;
    room.lock().unwrap().insert(id, outbox);
    say(&room, id, &format!("{name} joined"));
    let mut writer = tokio::spawn(async move {
        while let Some(message) = inbox.recv().await {
            let closing = message.is_close();
            if sink.send(message).await.is_err() || closing {
                break;
            }
        }
        // Dropped from the room (or the room closing): the socket goes with the sink.
    });
    loop {
        tokio::select! {
            _ = &mut writer => break,
            message = stream.next() => match message {
                Some(Ok(Message::Text(text))) => say(&room, id, &format!("{name}: {text}")),
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                Some(Ok(_)) => {}
            },
        }
    }
    writer.abort();
    room.lock().unwrap().remove(&id);
    say(&room, id, &format!("{name} left"));
}
