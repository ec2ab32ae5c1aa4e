use futures_util::{SinkExt, StreamExt};
use kata_harness::websocket::{Conn, Listener};

/// Serves every connection from `listener`: each text message comes back to its sender.
pub async fn echo(listener: Listener) {
    while let Ok((conn, _addr)) = listener.accept().await {
        tokio::spawn(serve(conn));
    }
}

/// One client, from handshake to goodbye.
async fn serve(conn: Conn) {
    let Ok(mut ws) = tokio_tungstenite::accept_async(conn).await else {
        return;
    };
    while let Some(Ok(message)) = ws.next().await {
        if message.is_text() && ws.send(message).await.is_err() {
            return;
        }
    }
}
