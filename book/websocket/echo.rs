//! An echo server and three clients in one program, on 127.0.0.1: a task per connection, so a
//! client that says nothing holds up no one.
//!
//! Python: `async def handler(ws): async for message in ws: await ws.send(message)`, served by
//! `async with websockets.serve(handler, "127.0.0.1", 0):`.

use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{WebSocketStream, accept_async, client_async};

/// One connection, from handshake to goodbye: `async for message in websocket`.
async fn handler(stream: TcpStream) {
    let Ok(mut ws) = accept_async(stream).await else {
        return;
    };
    while let Some(Ok(message)) = ws.next().await {
        if message.is_text() && ws.send(message).await.is_err() {
            break;
        }
    }
}

/// A client: a TCP connection, then the WebSocket handshake over it.
async fn connect(addr: std::net::SocketAddr) -> WebSocketStream<TcpStream> {
    let stream = TcpStream::connect(addr).await.expect("the server listens");
    let (ws, _response) = client_async("ws://127.0.0.1/", stream)
        .await
        .expect("the handshake");
    ws
}

async fn ask(ws: &mut WebSocketStream<TcpStream>, text: &str) -> String {
    ws.send(Message::text(text)).await.expect("sent");
    match ws.next().await {
        Some(Ok(Message::Text(answer))) => answer.to_string(),
        other => format!("{other:?}"),
    }
}

#[tokio::main]
async fn main() {
    // Port 0: the system picks a free one.
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port on 127.0.0.1");
    let addr = listener.local_addr().expect("an address");
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            // `websockets.serve` does this for you: each connection gets a task of its own.
            tokio::spawn(handler(stream));
        }
    });

    // A client that connects first and then says nothing for a while.
    let mut quiet = connect(addr).await;
    let mut ann = connect(addr).await;
    let mut bob = connect(addr).await;
    println!(
        "ann asks \"hello\", gets back {:?}",
        ask(&mut ann, "hello").await
    );
    println!("bob asks \"hi\", gets back {:?}", ask(&mut bob, "hi").await);
    println!(
        "quiet, at last, asks \"...\", gets back {:?}",
        ask(&mut quiet, "...").await
    );
    for mut ws in [quiet, ann, bob] {
        ws.close(None).await.expect("closed");
    }
}
