//! Problems 2 to 4: a chat room for every client that connects.

use futures_util::{SinkExt, StreamExt};
use kata_harness::websocket::{Conn, Listener, QUEUE, Shutdown};
use tokio::sync::{broadcast, watch};
use tokio_tungstenite::tungstenite::Message;

/// Serves a chat room on `listener` until `shutdown` resolves, then returns.
pub async fn chat(listener: Listener, mut shutdown: Shutdown) {
    let (room, _) = broadcast::channel::<(usize, String)>(QUEUE);
    let (stop, _) = watch::channel(false);
    let mut tasks = tokio::task::JoinSet::new();
    let mut n = 0;
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            Ok((conn, _)) = listener.accept() => {
                n += 1;
                tasks.spawn(member(conn, n, room.clone(), stop.subscribe()));
            }
        }
    }
    stop.send_replace(true);
    let _ = tokio::time::timeout(std::time::Duration::from_millis(500), tasks.join_all()).await;
}

/// One member of the room, from handshake to goodbye.
async fn member(conn: Conn, me: usize, room: broadcast::Sender<(usize, String)>, mut stop: watch::Receiver<bool>) {
    let Ok(mut ws) = tokio_tungstenite::accept_async(conn).await else {
        return;
    };
    // The first message is the member's name.
    let name = match ws.next().await {
        Some(Ok(Message::Text(name))) => name.to_string(),
        _ => return,
    };
    let mut rx = room.subscribe();
    let _ = room.send((me, format!("{name} joined")));
    loop {
        tokio::select! {
            _ = stop.changed() => {
                let _ = ws.close(None).await;
                return;
            }
            msg = ws.next() => match msg {
                Some(Ok(Message::Text(text))) => { let _ = room.send((me, format!("{name}: {text}"))); }
                Some(Ok(_)) => {}
                _ => break,
            },
            said = rx.recv() => match said {
                Ok((who, line)) if who != me => { if ws.send(Message::text(line)).await.is_err() { break; } }
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(_) => break,
            },
        }
    }
    let _ = room.send((me, format!("{name} left")));
}
