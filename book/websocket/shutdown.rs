//! Goodbyes: a client that vanishes (its socket reset, no close frame), and a server shutting
//! down on purpose, sending every client a close frame before it returns.
//!
//! Python: `ConnectionClosedError` in the handler, and `server.close()` (close code 1001).

use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinSet;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::{WebSocketStream, accept_async, client_async};

/// What the server's tasks report, printed by `main` in an order that doesn't depend on timing.
type Events = mpsc::UnboundedSender<String>;

async fn member(
    stream: TcpStream,
    n: u32,
    mut stop: watch::Receiver<bool>,
    events: Events,
) {
    let Ok(mut ws) = accept_async(stream).await else {
        return;
    };
    loop {
        tokio::select! {
            _ = stop.changed() => {
                let bye = CloseFrame { code: CloseCode::Away, reason: "shutting down".into() };
                let _ = ws.close(Some(bye)).await;
                let _ = events.send(format!("server: member {n} sent its close frame"));
                return;
            }
            message = ws.next() => match message {
                Some(Ok(_)) => {}
                // A reset: `next()` gives an error, and the task must end all the same.
                Some(Err(_)) => {
                    let _ = events.send(format!("server: member {n}'s connection failed (no close frame): its task ends"));
                    return;
                }
                None => return,
            },
        }
    }
}

async fn serve(
    listener: TcpListener,
    mut shutdown: watch::Receiver<bool>,
    events: Events,
) {
    let (stop, _) = watch::channel(false);
    let mut members = JoinSet::new();
    let mut n = 0;
    loop {
        tokio::select! {
            _ = shutdown.changed() => break,
            Ok((stream, _)) = listener.accept() => {
                n += 1;
                members.spawn(member(stream, n, stop.subscribe(), events.clone()));
            }
        }
    }
    // Tell every member, then wait for them: half a second at most.
    let _ = stop.send(true);
    let waited = tokio::time::timeout(Duration::from_millis(500), async {
        while members.join_next().await.is_some() {}
    })
    .await;
    if waited.is_err() {
        members.shutdown().await;
    }
}

async fn connect(
    addr: std::net::SocketAddr,
    lingering: bool,
) -> WebSocketStream<TcpStream> {
    let stream = TcpStream::connect(addr).await.expect("the server listens");
    if !lingering {
        // Closing this socket sends a reset: the client vanishes, as a laptop lid shutting does.
        #[allow(deprecated)]
        stream.set_linger(Some(Duration::ZERO)).expect("linger");
    }
    client_async("ws://127.0.0.1/", stream)
        .await
        .expect("the handshake")
        .0
}

#[tokio::main]
async fn main() {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port on 127.0.0.1");
    let addr = listener.local_addr().expect("an address");
    let (shutdown, signal) = watch::channel(false);
    let (events, mut reports) = mpsc::unbounded_channel();
    let server = tokio::spawn(serve(listener, signal, events));

    let mut ann = connect(addr, true).await;
    let gone = connect(addr, false).await;
    ann.send(Message::text("hi")).await.expect("sent");
    drop(gone);
    println!("{}", reports.recv().await.expect("a report"));

    let asked = Instant::now();
    shutdown.send(true).expect("the server listens for it");
    match ann.next().await {
        Some(Ok(Message::Close(Some(frame)))) => {
            println!(
                "ann: close frame, code {} ({:?})",
                u16::from(frame.code),
                frame.reason.as_str()
            )
        }
        other => println!("ann: {other:?}"),
    }
    server.await.expect("the server's task");
    println!("{}", reports.recv().await.expect("a report"));
    let took = asked.elapsed();
    println!(
        "the server returned {} a second of shutdown",
        if took < Duration::from_secs(1) {
            "within"
        } else {
            "more than"
        }
    );
}
