use futures_util::{SinkExt, StreamExt};
use kata_harness::websocket::{Conn, Listener};
use tokio_tungstenite::WebSocketStream;

pub async fn echo(listener: Listener) {
    while let Ok((conn, _addr)) = listener.accept().await {
        if let Ok(ws) = tokio_tungstenite::accept_async(conn).await {
            tokio::spawn(serve(ws));
        }
    }
}

async fn serve(mut ws: WebSocketStream<Conn>) {
    while let Some(Ok(message)) = ws.next().await {
        if message.is_text() && ws.send(message).await.is_err() {
            return;
        }
    }
}
