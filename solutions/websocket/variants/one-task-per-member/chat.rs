use futures_util::{SinkExt, StreamExt};
use kata_harness::websocket::{Conn, Listener, QUEUE, Shutdown};
use tokio::sync::broadcast;
use tokio::task::JoinSet;
use tokio_tungstenite::tungstenite::Message;

pub async fn chat(listener: Listener, mut shutdown: Shutdown) {
    let (room, _) = broadcast::channel::<(u64, String)>(QUEUE);
    // The same channel says "close": a message from nobody (id 0).
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
    let _ = room.send((0, String::new()));
    let _ = tokio::time::timeout(std::time::Duration::from_millis(500), async {
        while members.join_next().await.is_some() {}
    })
    .await;
    members.shutdown().await;
}

/// One task per member, no split: it waits for whichever comes first, a message from its
/// client or one from the room.
async fn member(conn: Conn, id: u64, room: broadcast::Sender<(u64, String)>) {
    let Ok(mut ws) = tokio_tungstenite::accept_async(conn).await else { return };
    let name = match ws.next().await {
        Some(Ok(Message::Text(name))) => name.to_string(),
        _ => return,
    };
    let mut heard = room.subscribe();
    let _ = room.send((id, format!("{name} joined")));
    loop {
        tokio::select! {
            message = ws.next() => match message {
                Some(Ok(Message::Text(text))) => {
                    let _ = room.send((id, format!("{name}: {text}")));
                }
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                Some(Ok(_)) => {}
            },
            said = heard.recv() => match said {
                Ok((0, _)) => {
                    let _ = ws.close(None).await;
                    return;
                }
                Ok((from, _)) if from == id => {}
                Ok((_, line)) => {
                    if ws.send(Message::text(line)).await.is_err() {
                        break;
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => break,
            },
        }
    }
    let _ = room.send((id, format!("{name} left")));
}
