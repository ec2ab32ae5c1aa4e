//! The server itself: hyper's HTTP/1.1 connections on a runtime and a thread of their own.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::body::{Body, Bytes, Frame, Incoming, SizeHint};
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::{Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::sync::OwnedSemaphorePermit;

use super::{Answer, Ending, OverCap, SLOW_BODY_CHUNK, SLOW_BODY_PAUSE, State, Ticket, data};

/// The server while it runs: dropping it stops the server (its runtime, and every connection
/// with it).
pub(super) struct Running {
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Binds `127.0.0.1` on a port the OS picks, and serves on a thread of its own.
pub(super) fn start(state: Arc<State>) -> (Running, u16) {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).expect("could not bind a port on 127.0.0.1");
    listener
        .set_nonblocking(true)
        .expect("could not make the listening socket non-blocking");
    let port = listener.local_addr().expect("a bound socket has an address").port();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    std::thread::Builder::new()
        .name("kata-server".into())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("could not build the server's runtime");
            runtime.block_on(async move {
                match tokio::net::TcpListener::from_std(listener) {
                    Ok(listener) => {
                        tokio::spawn(accept(listener, state));
                    }
                    Err(err) => eprintln!("the local PokeAPI could not listen: {err}"),
                }
                let _ = stopped.await;
            });
            runtime.shutdown_background();
        })
        .expect("could not start the server's thread");
    (Running { stop: Some(stop) }, port)
}

async fn accept(listener: tokio::net::TcpListener, state: Arc<State>) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors, say: try again in a moment.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(5)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let conn = state.connection_opened();
        let state = state.clone();
        tokio::spawn(async move {
            let serving = state.clone();
            let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
                let state = serving.clone();
                async move { Ok::<_, Infallible>(respond(&state, conn, request).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
            state.connection_closed(conn);
        });
    }
}

async fn respond(state: &Arc<State>, conn: usize, request: hyper::Request<Incoming>) -> Response<Reply> {
    let mut ticket = state.arrive(conn, request.uri().path());
    drop(request);
    if ticket.answer == Answer::TooMany {
        let cap = state.settings.cap.map_or(0, |(cap, _)| cap);
        let body = format!("{{\"detail\":\"Too many requests: this server serves at most {cap} at once\"}}");
        return Reply::new(ticket, StatusCode::TOO_MANY_REQUESTS, body, None, None);
    }
    let turn = match (&state.turns, state.settings.cap) {
        (Some(turns), Some((_, OverCap::Queue))) => turns.clone().acquire_owned().await.ok(),
        _ => None,
    };
    let latency = ticket.id.map_or(Duration::ZERO, |id| state.settings.latency.of(id));
    tokio::time::sleep(latency).await;
    let pokemon = ticket.id.and_then(data::pokemon);
    match (ticket.answer, pokemon) {
        (Answer::Pokemon, Some(pokemon)) => Reply::new(ticket, StatusCode::OK, data::json(pokemon), turn, None),
        (Answer::SlowBody, Some(pokemon)) => {
            Reply::new(ticket, StatusCode::OK, data::json(pokemon), turn, Some(SLOW_BODY_PAUSE))
        }
        (Answer::Unavailable, _) => {
            let body = "{\"detail\":\"Service unavailable: try again later\"}".to_owned();
            Reply::new(ticket, StatusCode::SERVICE_UNAVAILABLE, body, turn, None)
        }
        (Answer::Stalled, _) => {
            // Held until the client goes away (hyper then drops this future, and the ticket
            // with it) or the server stops.
            let _keep = (turn, &mut ticket);
            std::future::pending().await
        }
        _ => {
            ticket.answer = Answer::NotFound;
            Reply::new(
                ticket,
                StatusCode::NOT_FOUND,
                "{\"detail\":\"Not found.\"}".to_owned(),
                turn,
                None,
            )
        }
    }
}

/// A response body that ends its request's ticket as it hands over its last chunk — before
/// hyper writes it, so before the client can have the whole answer — and as hung up if it is
/// dropped first. A slow body pauses between chunks.
pub(super) struct Reply {
    chunks: VecDeque<Bytes>,
    remaining: u64,
    pause: Option<Duration>,
    sleep: Option<Pin<Box<tokio::time::Sleep>>>,
    ticket: Option<Ticket>,
    turn: Option<OwnedSemaphorePermit>,
}

impl Reply {
    fn new(
        ticket: Ticket,
        status: StatusCode,
        body: String,
        turn: Option<OwnedSemaphorePermit>,
        pause: Option<Duration>,
    ) -> Response<Reply> {
        let bytes = Bytes::from(body);
        let remaining = bytes.len() as u64;
        let chunks: VecDeque<Bytes> = match pause {
            Some(_) => bytes
                .chunks(SLOW_BODY_CHUNK)
                .map(|chunk| bytes.slice_ref(chunk))
                .collect(),
            None => VecDeque::from([bytes]),
        };
        let mut response = Response::new(Reply {
            chunks,
            remaining,
            pause,
            sleep: None,
            ticket: Some(ticket),
            turn,
        });
        *response.status_mut() = status;
        response.headers_mut().insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        response
    }
}

impl Body for Reply {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let this = self.get_mut();
        if let Some(sleep) = &mut this.sleep {
            if sleep.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            this.sleep = None;
        }
        let Some(chunk) = this.chunks.pop_front() else {
            return Poll::Ready(None);
        };
        this.remaining -= chunk.len() as u64;
        if this.chunks.is_empty() {
            if let Some(mut ticket) = this.ticket.take() {
                ticket.end(Ending::Answered);
            }
            this.turn = None;
        } else if let Some(pause) = this.pause {
            this.sleep = Some(Box::pin(tokio::time::sleep(pause)));
        }
        Poll::Ready(Some(Ok(Frame::data(chunk))))
    }

    fn is_end_stream(&self) -> bool {
        self.chunks.is_empty()
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.remaining)
    }
}
