//! The world of the websocket kata: a listening socket for the learner's server, and real
//! WebSocket clients that attack it on loopback.
//!
//! Nothing here is simulated. [`Arena::open`] binds `127.0.0.1` on a port the OS picks and hands
//! the learner's server a [`Listener`] (and a [`Shutdown`] signal); the spec's clients are
//! tokio-tungstenite clients on a runtime and a thread of their own, so that a server that
//! blocks or spins its thread cannot stop them from recording what they saw. Every client
//! records every message it sends and receives, and how its connection ended; the listener
//! counts the connections the server holds open (a [`Conn`] is counted until it is dropped), so
//! a spec can tell a task left running after its client vanished from one that ended.
//!
//! Two socket settings make a slow reader's cost visible: the server's sockets get a small send
//! buffer, and a client made [`ClientOpts::slow`] a small receive buffer. Between them the kernel
//! holds only a few dozen kilobytes for a client that stops reading; whatever else a server keeps
//! for it is in the server's own memory — which is what the kata's third problem bounds.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::SinkExt;
use futures_util::stream::{SplitSink, StreamExt};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;

use crate::core::record::{Outcome, Recorder};
use crate::core::sync::lock;
use crate::core::timeline::{MarkRow, marks};

/// The most messages a server may keep queued for one client that does not read: past that it
/// drops the client's oldest messages, or the client.
pub const QUEUE: usize = 128;

/// The send buffer of the server's sockets, and the receive buffer of a slow client (the kernel
/// doubles each): small, so that a client that stops reading is felt at once.
const SERVER_SEND_BUFFER: u32 = 8 * 1024;
const SLOW_RECEIVE_BUFFER: u32 = 4 * 1024;

/// How long a client waits for the server to accept and finish its handshake.
pub const HANDSHAKE_LIMIT: Duration = Duration::from_secs(2);

// ---------------------------------------------------------------------------------------------
// The server's side: what the learner's program gets

/// The server's listening socket on `127.0.0.1`: accept connections from it.
pub struct Listener {
    /// Bound before the program's runtime exists; made a tokio listener on its first `accept`,
    /// on the runtime that polls it.
    bound: Mutex<Option<std::net::TcpListener>>,
    inner: std::sync::OnceLock<io::Result<TcpListener>>,
    addr: SocketAddr,
    stats: Arc<Stats>,
}

impl Listener {
    /// Waits for the next connection (`TcpListener::accept`): the connection, and the client's
    /// address.
    pub async fn accept(&self) -> io::Result<(Conn, SocketAddr)> {
        let listener = self.inner.get_or_init(|| match lock(&self.bound).take() {
            Some(bound) => TcpListener::from_std(bound),
            None => Err(io::Error::other("the listener was already taken")),
        });
        let listener = listener
            .as_ref()
            .map_err(|err| io::Error::new(err.kind(), err.to_string()))?;
        let (stream, addr) = listener.accept().await?;
        let stream = small_send_buffer(stream)?;
        let _ = stream.set_nodelay(true);
        self.stats.opened();
        Ok((
            Conn {
                stream,
                stats: self.stats.clone(),
            },
            addr,
        ))
    }

    /// The address the clients connect to.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        Ok(self.addr)
    }
}

/// Gives an accepted socket a small send buffer. Linux does not pass a listening socket's
/// buffer size on to the connections it accepts, and tokio's `TcpStream` cannot set it: the
/// option is set through a `TcpSocket` made from a duplicate of the same socket.
fn small_send_buffer(stream: TcpStream) -> io::Result<TcpStream> {
    let stream = stream.into_std()?;
    let twin = TcpSocket::from_std_stream(stream.try_clone()?);
    let _ = twin.set_send_buffer_size(SERVER_SEND_BUFFER);
    drop(twin);
    TcpStream::from_std(stream)
}

/// One accepted connection: a `TcpStream` (it reads and writes like one, so
/// `tokio_tungstenite::accept_async(conn)` takes it), counted as open until it is dropped.
pub struct Conn {
    stream: TcpStream,
    stats: Arc<Stats>,
}

impl Drop for Conn {
    fn drop(&mut self) {
        self.stats.closed();
    }
}

impl AsyncRead for Conn {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Conn {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// Resolves when the server is asked to shut down (asyncio: the task running `serve_forever`
/// being cancelled). `Unpin`: select on `&mut shutdown` as often as you like.
pub struct Shutdown {
    signal: tokio::sync::watch::Receiver<bool>,
    wait: Option<Pin<Box<dyn Future<Output = ()> + Send>>>,
}

impl Future for Shutdown {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.wait.is_none() {
            let mut signal = self.signal.clone();
            self.wait = Some(Box::pin(async move {
                // The arena gone counts as a shutdown too.
                let _ = signal.wait_for(|&down| down).await;
            }));
        }
        match self.wait.as_mut() {
            Some(wait) => wait.as_mut().poll(cx),
            None => Poll::Pending,
        }
    }
}

#[derive(Default)]
struct Stats {
    accepted: AtomicUsize,
    open: AtomicUsize,
    most_open: AtomicUsize,
}

impl Stats {
    fn opened(&self) {
        self.accepted.fetch_add(1, Ordering::SeqCst);
        let now = self.open.fetch_add(1, Ordering::SeqCst) + 1;
        self.most_open.fetch_max(now, Ordering::SeqCst);
    }

    fn closed(&self) {
        self.open.fetch_sub(1, Ordering::SeqCst);
    }
}

// ---------------------------------------------------------------------------------------------
// The spec's side: the arena, its clients and what they saw

/// The spec's side of the world: the address, the clients' runtime, the server's counts and
/// the shutdown switch. Cheap to clone; the clients' thread stops when the last clone is dropped.
#[derive(Clone)]
pub struct Arena {
    inner: Arc<ArenaInner>,
}

struct ArenaInner {
    addr: SocketAddr,
    stats: Arc<Stats>,
    shutdown: tokio::sync::watch::Sender<bool>,
    shutdown_at: Mutex<Option<Duration>>,
    recorder: Recorder<usize>,
    clients: Mutex<Vec<Arc<Inbox>>>,
    runtime: tokio::runtime::Handle,
    _thread: Stopper,
}

/// Stops the clients' thread (and every client with it) when dropped.
struct Stopper(Option<tokio::sync::oneshot::Sender<()>>);

impl Drop for Stopper {
    fn drop(&mut self) {
        if let Some(stop) = self.0.take() {
            let _ = stop.send(());
        }
    }
}

impl Arena {
    /// Binds a listener on `127.0.0.1` (a port the OS picks) for the program, a shutdown signal
    /// for it, and the arena the spec plays its clients in.
    pub fn open() -> (Listener, Shutdown, Arena) {
        let socket = TcpSocket::new_v4().expect("could not make a socket");
        socket
            .bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .expect("could not bind a port on 127.0.0.1");
        // `listen` makes a tokio listener, which needs a runtime; the program's does not exist
        // yet, so listen on a moment's runtime and keep the std listener.
        let std_listener = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()
            .expect("could not build a runtime")
            .block_on(async move { socket.listen(1024).and_then(|listener| listener.into_std()) })
            .expect("could not listen on 127.0.0.1");
        let addr = std_listener.local_addr().expect("a bound socket has an address");
        let (runtime, thread) = clients_thread();
        let (shutdown, signal) = tokio::sync::watch::channel(false);
        let stats = Arc::new(Stats::default());
        let listener = Listener {
            bound: Mutex::new(Some(std_listener)),
            inner: std::sync::OnceLock::new(),
            addr,
            stats: stats.clone(),
        };
        let arena = Arena {
            inner: Arc::new(ArenaInner {
                addr,
                stats,
                shutdown,
                shutdown_at: Mutex::new(None),
                recorder: Recorder::new(),
                clients: Mutex::new(Vec::new()),
                runtime,
                _thread: thread,
            }),
        };
        (listener, Shutdown { signal, wait: None }, arena)
    }

    /// Where the server listens.
    pub fn addr(&self) -> SocketAddr {
        self.inner.addr
    }

    /// Plays `scene` on the clients' runtime; await the result from anywhere.
    pub fn play<T: Send + 'static>(
        &self,
        scene: impl Future<Output = T> + Send + 'static,
    ) -> impl Future<Output = Option<T>> + Send + 'static {
        let handle = self.inner.runtime.spawn(scene);
        async move { handle.await.ok() }
    }

    /// Connects a client called `name` and finishes the WebSocket handshake (within
    /// [`HANDSHAKE_LIMIT`]). Call it from a scene.
    pub async fn connect(&self, name: &str, opts: ClientOpts) -> Result<Client, String> {
        let inbox = Arc::new(Inbox::new(name, self.inner.recorder.clone()));
        lock(&self.inner.clients).push(inbox.clone());
        let connecting = async {
            let socket = TcpSocket::new_v4().map_err(|e| e.to_string())?;
            if opts.slow {
                let _ = socket.set_recv_buffer_size(SLOW_RECEIVE_BUFFER);
            }
            let stream = socket.connect(self.inner.addr).await.map_err(|e| e.to_string())?;
            let _ = stream.set_nodelay(true);
            if opts.vanishing {
                // Closing a socket that lingers for zero seconds sends a reset: the client
                // vanishes without a close frame, as a laptop lid shutting does.
                #[allow(deprecated)] // `set_linger` warns that a zero linger blocks; it does not.
                let _ = stream.set_linger(Some(Duration::ZERO));
            }
            tokio_tungstenite::client_async("ws://127.0.0.1/", stream)
                .await
                .map(|(ws, _)| ws)
                .map_err(|e| e.to_string())
        };
        let ws = match tokio::time::timeout(HANDSHAKE_LIMIT, connecting).await {
            Ok(Ok(ws)) => ws,
            Ok(Err(err)) => {
                inbox.end(Ending::Error(err.clone()));
                return Err(err);
            }
            Err(_) => {
                inbox.end(Ending::NoHandshake);
                return Err("no handshake".into());
            }
        };
        inbox.connected();
        Ok(Client::start(ws, inbox))
    }

    /// Asks the server to shut down: its [`Shutdown`] resolves.
    pub fn shut_down(&self) {
        *lock(&self.inner.shutdown_at) = Some(self.inner.recorder.now());
        let _ = self.inner.shutdown.send(true);
    }

    /// When [`Arena::shut_down`] was called, if it was.
    pub fn shutdown_at(&self) -> Option<Duration> {
        *lock(&self.inner.shutdown_at)
    }

    /// Connections the server has accepted so far.
    pub fn accepted(&self) -> usize {
        self.inner.stats.accepted.load(Ordering::SeqCst)
    }

    /// Connections the server holds open now (accepted, and not yet dropped).
    pub fn open_now(&self) -> usize {
        self.inner.stats.open.load(Ordering::SeqCst)
    }

    /// The most connections the server held open at once.
    pub fn most_open(&self) -> usize {
        self.inner.stats.most_open.load(Ordering::SeqCst)
    }

    /// What every client saw, in the order they connected.
    pub fn seen(&self) -> Vec<Seen> {
        lock(&self.inner.clients).iter().map(|inbox| inbox.seen()).collect()
    }

    /// What the client called `name` saw.
    pub fn seen_by(&self, name: &str) -> Option<Seen> {
        lock(&self.inner.clients)
            .iter()
            .find(|inbox| inbox.name == name)
            .map(|inbox| inbox.seen())
    }

    /// The timeline the runner draws: a row per client, a mark where it received messages.
    pub fn recorder(&self) -> &Recorder<usize> {
        &self.inner.recorder
    }

    /// Who got what, when: a row per client, a mark per message sent (▲) and received (▼), and
    /// how its connection ended.
    pub fn picture(&self, end: Duration) -> String {
        let rows: Vec<MarkRow> = self.seen().iter().map(Seen::row).collect();
        marks(
            &rows,
            end,
            |earlier, later| match (earlier, later) {
                ('▲', '▼') | ('▼', '▲') | ('↕', '▲' | '▼') => '↕',
                // How a connection ended outweighs a message in the same column.
                (_, '▲' | '▼' | '↕') => earlier,
                _ => later,
            },
            "▲ sent, ▼ received, ↕ both, ■ close frame from the server, ✗ connection failed or cut, ⊘ vanished (reset), □ closed by the client",
        )
    }

    /// Real time since the run started.
    pub fn now(&self) -> Duration {
        self.inner.recorder.now()
    }

    /// Waits (real time, at most `limit`) until the server holds at most `open` connections.
    pub async fn open_at_most(&self, open: usize, limit: Duration) -> bool {
        let start = tokio::time::Instant::now();
        while self.open_now() > open {
            if start.elapsed() >= limit {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        true
    }
}

fn clients_thread() -> (tokio::runtime::Handle, Stopper) {
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (handle_tx, handle_rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("kata-clients".into())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("could not build the clients' runtime");
            let _ = handle_tx.send(runtime.handle().clone());
            runtime.block_on(async move {
                let _ = stopped.await;
            });
            runtime.shutdown_background();
        })
        .expect("could not start the clients' thread");
    let handle = handle_rx.recv().expect("the clients' thread starts");
    (handle, Stopper(Some(stop)))
}

/// How a client behaves.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClientOpts {
    /// A small receive buffer, for a client that will stop reading.
    pub slow: bool,
    /// A socket that resets when dropped, for a client that will vanish.
    pub vanishing: bool,
}

impl ClientOpts {
    pub const NORMAL: Self = Self {
        slow: false,
        vanishing: false,
    };
    pub const SLOW: Self = Self {
        slow: true,
        vanishing: false,
    };
    pub const VANISHING: Self = Self {
        slow: false,
        vanishing: true,
    };
}

/// A WebSocket client of the spec's.
pub struct Client {
    name: String,
    sink: Option<SplitSink<WebSocketStream<TcpStream>, Message>>,
    reader: tokio::task::JoinHandle<()>,
    reading: tokio::sync::watch::Sender<bool>,
    inbox: Arc<Inbox>,
}

impl Client {
    fn start(ws: WebSocketStream<TcpStream>, inbox: Arc<Inbox>) -> Self {
        let (sink, mut stream) = ws.split();
        let (reading, mut may_read) = tokio::sync::watch::channel(true);
        let reader = tokio::spawn({
            let inbox = inbox.clone();
            async move {
                loop {
                    if may_read.wait_for(|&may| may).await.is_err() {
                        return;
                    }
                    match stream.next().await {
                        Some(Ok(Message::Text(text))) => inbox.got(text.as_str().to_owned()),
                        Some(Ok(Message::Close(frame))) => {
                            inbox.end(Ending::CloseFrame(frame.map(|f| u16::from(f.code))));
                            // Read on until the server closes the socket.
                            while let Some(Ok(_)) = stream.next().await {}
                            return;
                        }
                        Some(Ok(_)) => {}
                        Some(Err(err)) => {
                            inbox.end(Ending::Error(err.to_string()));
                            return;
                        }
                        None => {
                            inbox.end(Ending::Eof);
                            return;
                        }
                    }
                }
            }
        });
        Self {
            name: inbox.name.clone(),
            sink: Some(sink),
            reader,
            reading,
            inbox,
        }
    }

    /// The client's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Sends a text message; false if the connection is gone.
    pub async fn send(&mut self, text: impl Into<String>) -> bool {
        let text = text.into();
        let Some(sink) = self.sink.as_mut() else { return false };
        self.inbox.sent(&text);
        sink.send(Message::text(text)).await.is_ok()
    }

    /// Stops reading: what the server sends piles up in the sockets' buffers, then in the server.
    pub fn pause(&self) {
        let _ = self.reading.send(false);
    }

    /// Reads again.
    pub fn resume(&self) {
        let _ = self.reading.send(true);
    }

    /// What the client has seen so far.
    pub fn seen(&self) -> Seen {
        self.inbox.seen()
    }

    /// Waits (real time, at most `limit`) until what the client saw satisfies `done`.
    pub async fn wait_until(&self, limit: Duration, done: impl Fn(&Seen) -> bool) -> bool {
        // Polled: the inbox is filled by the reader task, and a few milliseconds late is fine.
        let start = tokio::time::Instant::now();
        loop {
            if done(&self.seen()) {
                return true;
            }
            if start.elapsed() >= limit {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Waits until nothing new has come for `quiet`, or the connection ended (at most `limit`).
    pub async fn drain(&self, quiet: Duration, limit: Duration) {
        let start = tokio::time::Instant::now();
        let (mut count, mut since) = (self.seen().got.len(), tokio::time::Instant::now());
        while start.elapsed() < limit && self.seen().ending.is_none() {
            tokio::time::sleep(Duration::from_millis(10)).await;
            let now = self.seen().got.len();
            if now != count {
                (count, since) = (now, tokio::time::Instant::now());
            } else if since.elapsed() >= quiet {
                return;
            }
        }
    }

    /// Closes politely: a close frame, then waits (at most `limit`) for the server's.
    pub async fn close(mut self, limit: Duration) {
        // The client's own goodbye: the server's answering close frame is not a shutdown.
        self.inbox.end(Ending::ClosedByClient);
        if let Some(sink) = self.sink.as_mut() {
            let _ = sink.send(Message::Close(None)).await;
        }
        let _ = tokio::time::timeout(limit, &mut self.reader).await;
    }

    /// Vanishes: the socket is reset, with no close frame (the client must have been made
    /// [`ClientOpts::VANISHING`]).
    pub fn vanish(mut self) {
        self.reader.abort();
        self.sink.take();
        self.inbox.end(Ending::Vanished);
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        self.reader.abort();
    }
}

/// What one client saw.
#[derive(Clone, Debug, Default)]
pub struct Seen {
    pub name: String,
    /// The text messages it received, in order.
    pub got: Vec<String>,
    /// The text messages it sent, in order.
    pub sent: Vec<String>,
    /// When (real time since the run started) it received each message in `got`.
    pub got_at: Vec<Duration>,
    /// When it sent each message in `sent`.
    pub sent_at: Vec<Duration>,
    /// When its handshake finished, if it did.
    pub connected_at: Option<Duration>,
    /// How its connection ended, and when, if it has.
    pub ending: Option<(Duration, Ending)>,
}

impl Seen {
    fn row(&self) -> MarkRow {
        let mut marks: Vec<(Duration, char)> = self.sent_at.iter().map(|&at| (at, '▲')).collect();
        marks.extend(self.got_at.iter().map(|&at| (at, '▼')));
        marks.sort_by_key(|(at, _)| *at);
        let mut summary = format!("sent {}, got {}", self.sent.len(), self.got.len());
        if let Some((at, ending)) = &self.ending {
            let (mark, what) = match ending {
                Ending::CloseFrame(_) => ('■', "close frame"),
                Ending::Eof => ('✗', "cut, no close frame"),
                Ending::Error(_) => ('✗', "failed"),
                Ending::NoHandshake => ('✗', "no handshake"),
                Ending::ClosedByClient => ('□', "closed"),
                Ending::Vanished => ('⊘', "vanished"),
            };
            marks.push((*at, mark));
            summary.push_str(&format!("; {what}"));
        }
        MarkRow {
            lane: self.name.clone(),
            marks,
            summary,
        }
    }
}

/// How a client's connection ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ending {
    /// The server sent a close frame (with this code, if any).
    CloseFrame(Option<u16>),
    /// The server closed the socket without a close frame.
    Eof,
    /// The connection failed.
    Error(String),
    /// The server never finished the handshake.
    NoHandshake,
    /// The client closed it.
    ClosedByClient,
    /// The client reset it.
    Vanished,
}

struct Inbox {
    name: String,
    recorder: Recorder<usize>,
    seen: Mutex<Seen>,
}

impl Inbox {
    fn new(name: &str, recorder: Recorder<usize>) -> Self {
        Self {
            name: name.to_owned(),
            recorder,
            seen: Mutex::new(Seen {
                name: name.to_owned(),
                ..Seen::default()
            }),
        }
    }

    fn connected(&self) {
        lock(&self.seen).connected_at = Some(self.recorder.now());
    }

    fn got(&self, text: String) {
        let now = self.recorder.now();
        let n = {
            let mut seen = lock(&self.seen);
            seen.got.push(text);
            seen.got_at.push(now);
            seen.got.len()
        };
        self.recorder
            .record(&self.name, format!("message {n}"), n, now, Outcome::Done);
    }

    fn sent(&self, text: &str) {
        let now = self.recorder.now();
        let mut seen = lock(&self.seen);
        seen.sent.push(text.to_owned());
        seen.sent_at.push(now);
    }

    fn end(&self, ending: Ending) {
        let now = self.recorder.now();
        let mut seen = lock(&self.seen);
        if seen.ending.is_none() {
            let outcome = match ending {
                Ending::CloseFrame(_) | Ending::ClosedByClient => Outcome::Done,
                Ending::Vanished => Outcome::Dropped,
                _ => Outcome::Failed,
            };
            seen.ending = Some((now, ending));
            drop(seen);
            self.recorder.record(&self.name, "end", 0, now, outcome);
        }
    }

    fn seen(&self) -> Seen {
        lock(&self.seen).clone()
    }
}
