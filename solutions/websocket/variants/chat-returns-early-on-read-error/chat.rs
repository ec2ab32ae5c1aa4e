use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use kata_harness::websocket::{Conn, Listener, QUEUE, Shutdown};
use tokio::sync::{broadcast, watch};
use tokio::task::JoinSet;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

/// What the room publishes: who it is from (not sent back to them), and the line.
type Said = (u64, String);

/// How long members get to say goodbye once the server shuts down.
const GOODBYE: Duration = Duration::from_millis(500);

/// Serves a chat room on `listener` until `shutdown` resolves, then closes every connection and
/// returns.
pub async fn chat(listener: Listener, mut shutdown: Shutdown) {
    let (room, _) = broadcast::channel::<Said>(QUEUE);
    let (closing, _) = watch::channel(false);
    let mut members = JoinSet::new();
    let mut next_id = 0;
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => {
                let Ok((conn, _addr)) = accepted else { continue };
                next_id += 1;
                members.spawn(member(conn, next_id, room.clone(), closing.subscribe()));
            }
            // Reap finished members as they go, so the set does not grow for ever.
            Some(_) = members.join_next(), if !members.is_empty() => {}
        }
    }
    let _ = closing.send(true);
    if tokio::time::timeout(GOODBYE, async { while members.join_next().await.is_some() {} })
        .await
        .is_err()
    {
        members.shutdown().await;
    }
}

/// One member of the room, from handshake to goodbye.
async fn member(conn: Conn, id: u64, room: broadcast::Sender<Said>, mut closing: watch::Receiver<bool>) {
    let Ok(ws) = tokio_tungstenite::accept_async(conn).await else {
        return;
    };
    let (mut sink, mut stream) = ws.split();
    // The first message is the member's name.
    let name = match stream.next().await {
        Some(Ok(Message::Text(name))) => name.to_string(),
        _ => return,
    };
    let mut heard = room.subscribe();
    let _ = room.send((id, format!("{name} joined")));

    let mut writer = tokio::spawn(async move {
        loop {
            tokio::select! {
                // (`wait_for`'s guard is not `Send`: drop it before the branch awaits.)
                () = async { let _ = closing.wait_for(|&closing| closing).await; } => {
                    let bye = CloseFrame { code: CloseCode::Away, reason: "the server is shutting down".into() };
                    let _ = sink.send(Message::Close(Some(bye))).await;
                    return;
                }
                said = heard.recv() => match said {
                    Ok((from, _)) if from == id => {}
                    Ok((_, line)) => {
                        if sink.send(Message::text(line)).await.is_err() {
                            return;
                        }
                    }
                    // Fell more than QUEUE messages behind: the oldest are gone; carry on.
                    Err(broadcast::error::RecvError::Lagged(_)) => {}
                    Err(broadcast::error::RecvError::Closed) => return,
                },
            }
        }
    });

    loop {
        tokio::select! {
            // The writer ends on shutdown (after its close frame) or when the socket fails.
            _ = &mut writer => break,
            message = stream.next() => match message {
                Some(Ok(Message::Text(text))) => {
                    let _ = room.send((id, format!("{name}: {text}")));
                }
                Some(Err(_)) => {
                    writer.abort();
                    return;
                }
                Some(Ok(Message::Close(_))) | None => break,
                Some(Ok(_)) => {}
            },
        }
    }
    writer.abort();
    let _ = room.send((id, format!("{name} left")));
}
