//! A chat room on a `tokio::sync::broadcast` channel: each member's socket split in two, a
//! writer task forwarding the room to the member, the reading half publishing what it says.
//!
//! Python: a `set` of connections and `websockets.broadcast(connections, message)`.

use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::broadcast;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{WebSocketStream, accept_async, client_async};

/// What the room publishes: who said it (not sent back to them), and the line.
type Said = (u64, String);

async fn member(stream: TcpStream, id: u64, room: broadcast::Sender<Said>) {
    let Ok(ws) = accept_async(stream).await else {
        return;
    };
    // Two halves: one to write to, one to read from, each usable by a different task.
    let (mut sink, mut stream) = ws.split();
    let name = match stream.next().await {
        Some(Ok(Message::Text(name))) => name.to_string(),
        _ => return,
    };
    let mut heard = room.subscribe();
    let _ = room.send((id, format!("{name} joined")));
    let writer = tokio::spawn(async move {
        while let Ok((from, line)) = heard.recv().await {
            if from != id && sink.send(Message::text(line)).await.is_err() {
                break;
            }
        }
    });
    while let Some(Ok(Message::Text(text))) = stream.next().await {
        let _ = room.send((id, format!("{name}: {text}")));
    }
    writer.abort();
    let _ = room.send((id, format!("{name} left")));
}

async fn join(addr: std::net::SocketAddr, name: &str) -> WebSocketStream<TcpStream> {
    let stream = TcpStream::connect(addr).await.expect("the server listens");
    let (mut ws, _) = client_async("ws://127.0.0.1/", stream)
        .await
        .expect("the handshake");
    ws.send(Message::text(name)).await.expect("sent");
    ws
}

/// The next line a client hears, printed with its name.
async fn hear(name: &str, ws: &mut WebSocketStream<TcpStream>) {
    if let Some(Ok(Message::Text(line))) = ws.next().await {
        println!("{name} hears {:?}", line.as_str());
    }
}

#[tokio::main]
async fn main() {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port on 127.0.0.1");
    let addr = listener.local_addr().expect("an address");
    let (room, _) = broadcast::channel::<Said>(128);
    tokio::spawn(async move {
        let mut id = 0;
        while let Ok((stream, _)) = listener.accept().await {
            id += 1;
            tokio::spawn(member(stream, id, room.clone()));
        }
    });

    let mut ann = join(addr, "ann").await;
    let mut bob = join(addr, "bob").await;
    hear("ann", &mut ann).await;
    let mut cy = join(addr, "cy").await;
    hear("ann", &mut ann).await;
    hear("bob", &mut bob).await;

    ann.send(Message::text("hello, room")).await.expect("sent");
    hear("bob", &mut bob).await;
    hear("cy", &mut cy).await;

    cy.close(None).await.expect("closed");
    hear("ann", &mut ann).await;
    hear("bob", &mut bob).await;
}
