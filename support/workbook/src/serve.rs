//! `workbook serve`: the book on http://127.0.0.1, rebuilt when a source changes.
//!
//! mdBook's own server lives in its command-line crate, not in its libraries. This one is built
//! from the parts a web framework is built from, each doing what it is good at:
//!
//! - **hyper** speaks HTTP/1.1 and bounds what a client can make the server hold: a request's
//!   line and headers fit in 64 KiB or the connection is dropped, and headers that trickle in
//!   slower than 10 s end it too;
//! - **tower-http**'s `ServeDir` serves the files (content types, ranges, `index.html`, and no
//!   `..` out of the site);
//! - what is left is this module's: at most [`MAX_CONNECTIONS`] connections at once (the next
//!   one waits in the kernel's queue, not in a thread of ours), a `Host` check so that only a
//!   page *on this machine's loopback* can read the book (a DNS-rebinding page names its own
//!   host), no symbolic link leading out of the site, and builds that are swapped in whole.
//!
//! Every rebuild goes into a new folder under `target/serve/`; requests go to the last complete
//! one, so nobody ever sees a half-written site. Pages there carry a few lines of script that
//! ask for the build number once a second and reload when it changes; `target/book`, which
//! `workbook build` writes, stays exactly as mdBook wrote it.

use std::convert::Infallible;
use std::net::Ipv4Addr;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use http_body_util::{BodyExt, Full, combinators::UnsyncBoxBody};
use hyper::body::{Bytes, Incoming};
use hyper::header::{CACHE_CONTROL, CONTENT_TYPE, HOST, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::percent_decode;

/// Connections served at once; a browser opens six.
pub const MAX_CONNECTIONS: usize = 64;
/// Room for a request's line and headers (hyper's minimum is 8 KiB).
const MAX_HEAD: usize = 64 * 1024;
/// A client must send a request's headers within this.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// A connection is asked to close after this, so none is held for ever.
const CONNECTION_LIFETIME: Duration = Duration::from_secs(120);

const RELOAD: &str = r#"<script>
// Added by `workbook serve`: reload when the book is rebuilt.
(() => {
  let seen = null;
  setInterval(async () => {
    try {
      const now = await (await fetch("/__workbook/build", { cache: "no-store" })).text();
      if (seen !== null && now !== seen) location.reload();
      seen = now;
    } catch (_) {}
  }, 1000);
})();
</script>
"#;

type Body = UnsyncBoxBody<Bytes, std::io::Error>;

/// The site being served: the folder of the last complete build, and its number.
pub struct Site {
    folder: RwLock<PathBuf>,
    build: AtomicU64,
    port: u16,
}

impl Site {
    pub fn new(folder: PathBuf, port: u16) -> Arc<Site> {
        Arc::new(Site {
            folder: RwLock::new(folder),
            build: AtomicU64::new(1),
            port,
        })
    }

    /// The folder requests are served from now.
    pub fn folder(&self) -> PathBuf {
        self.folder.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Serves `folder` from now on, and returns the one it replaces.
    pub fn swap(&self, folder: PathBuf) -> PathBuf {
        let old = std::mem::replace(&mut *self.folder.write().unwrap_or_else(|e| e.into_inner()), folder);
        self.build.fetch_add(1, Ordering::Relaxed);
        old
    }
}

/// Builds the book, serves it on 127.0.0.1 (from `port` on, the next free one; 0 for one the
/// system picks), and rebuilds it whenever a source changes. Runs until interrupted.
pub fn serve(root: &Path, port: u16) -> Result<()> {
    let builds = root.join("target/serve");
    if builds.exists() {
        fs_err::remove_dir_all(&builds)?;
    }
    let started = Instant::now();
    let first = build_site(root, &builds.join("1"))?;
    println!("Built the book in {:.1} s.", started.elapsed().as_secs_f64());

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = bind(port).await?;
        let port = listener.local_addr()?.port();
        println!("Serving it at http://127.0.0.1:{port}/ — open that in a browser.");
        println!("Pages reload themselves when you save a chapter or a sample. Ctrl-C stops.");
        let site = Site::new(first, port);
        {
            let (root, site) = (root.to_owned(), site.clone());
            std::thread::spawn(move || {
                if let Err(err) = watch(&root, &builds, &site) {
                    eprintln!("Stopped watching the book's sources: {err:#}");
                }
            });
        }
        run(listener, site).await
    })
}

/// Binds 127.0.0.1:`port`, or the next free port of the 20 after it; port 0 asks the system.
pub async fn bind(port: u16) -> Result<TcpListener> {
    if port == 0 {
        return Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?);
    }
    for candidate in port..port.saturating_add(20) {
        if let Ok(listener) = TcpListener::bind((Ipv4Addr::LOCALHOST, candidate)).await {
            return Ok(listener);
        }
    }
    bail!(
        "no free port on 127.0.0.1 from {port} to {}; `serve --port 0` lets the system pick one",
        port.saturating_add(19)
    )
}

/// Accepts connections and serves `site` on them, at most [`MAX_CONNECTIONS`] at a time.
pub async fn run(listener: TcpListener, site: Arc<Site>) -> Result<()> {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        // A slot first: past the limit, new connections wait in the kernel's backlog.
        let slot = slots.clone().acquire_owned().await?;
        let (stream, _) = match listener.accept().await {
            Ok(accepted) => accepted,
            // Out of file descriptors and the like: wait a little rather than spin.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let site = site.clone();
        tokio::spawn(async move {
            let _slot = slot;
            let service = hyper::service::service_fn(move |request| respond(request, site.clone()));
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new())
                .header_read_timeout(HEAD_TIMEOUT)
                .max_buf_size(MAX_HEAD);
            let connection = http.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = tokio::time::sleep(CONNECTION_LIFETIME) => {
                    connection.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(HEAD_TIMEOUT, connection).await;
                }
            }
        });
    }
}

async fn respond(request: Request<Incoming>, site: Arc<Site>) -> Result<Response<Body>, Infallible> {
    let mut response = answer(request, &site).await;
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(response)
}

async fn answer(request: Request<Incoming>, site: &Site) -> Response<Body> {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return text(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
    }
    if !loopback_host(request.headers().get(HOST), site.port) {
        return text(
            StatusCode::FORBIDDEN,
            "The book is served to pages on this machine only: open it at http://127.0.0.1 or \
             http://localhost with the port `serve` printed.\n",
        );
    }
    let path = request.uri().path().to_owned();
    if path == "/__workbook/build" {
        return text(StatusCode::OK, &site.build.load(Ordering::Relaxed).to_string());
    }
    let folder = site.folder();
    if !stays_inside(&folder, &path) {
        return text(StatusCode::NOT_FOUND, "not found\n");
    }
    let files = ServeDir::new(&folder).not_found_service(ServeFile::new(folder.join("404.html")));
    match files.oneshot(request).await {
        Ok(response) => response.map(|body| body.boxed_unsync()),
        Err(never) => match never {},
    }
}

fn text(status: StatusCode, body: &str) -> Response<Body> {
    let mut response = Response::new(
        Full::new(Bytes::from(body.to_owned()))
            .map_err(|never| match never {})
            .boxed_unsync(),
    );
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    response
}

/// Whether a request's `Host` names this machine's loopback and our port. A page from another
/// site that rebinds its own name to 127.0.0.1 still sends that name, and is turned away.
fn loopback_host(host: Option<&HeaderValue>, port: u16) -> bool {
    let Some(host) = host.and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let Some((name, given)) = host.rsplit_once(':') else {
        return false;
    };
    given.parse() == Ok(port) && matches!(name.to_ascii_lowercase().as_str(), "127.0.0.1" | "localhost" | "[::1]")
}

/// Whether the file a URL path names, followed through any symbolic links, is still inside the
/// site. `ServeDir` refuses `..`; this refuses links (mdBook copies the book's files as they
/// are, so a link in `book/` would otherwise serve whatever it points at).
fn stays_inside(folder: &Path, url_path: &str) -> bool {
    let mut file = folder.to_path_buf();
    for component in Path::new(percent_decode(url_path).trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => file.push(part),
            Component::CurDir => {}
            _ => return false,
        }
    }
    match (file.canonicalize(), folder.canonicalize()) {
        (Ok(real), Ok(site)) => real.starts_with(site),
        // Nothing there: ServeDir answers 404.
        _ => true,
    }
}

/// Builds the book into `folder` and adds the reload script to its pages.
fn build_site(root: &Path, folder: &Path) -> Result<PathBuf> {
    crate::book::build_into(root, folder)?;
    for entry in walkdir::WalkDir::new(folder) {
        let entry = entry?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "html") {
            let page = fs_err::read(entry.path()).with_context(|| format!("reading {}", entry.path().display()))?;
            fs_err::write(entry.path(), inject(page)).with_context(|| format!("writing {}", entry.path().display()))?;
        }
    }
    Ok(folder.to_owned())
}

/// Whether a changed path is one the book is made from.
fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let relative = relative.to_string_lossy().replace('\\', "/");
    relative == "book.toml"
        || relative == "katas/info.toml"
        || (relative.starts_with("book/") && !relative.contains("/target/"))
        || (relative.starts_with("katas/") && relative.contains("/tests/spec/"))
}

/// Waits for saves to the book's sources; rebuilds into a new folder and swaps it in.
fn watch(root: &Path, builds: &Path, site: &Site) -> Result<()> {
    use notify::{RecursiveMode, Watcher};
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx)?;
    watcher.watch(&root.join("book"), RecursiveMode::Recursive)?;
    watcher.watch(&root.join("katas"), RecursiveMode::Recursive)?;
    watcher.watch(&root.join("book.toml"), RecursiveMode::NonRecursive)?;
    let mut number = 1;
    loop {
        let event: notify::Event = match rx.recv()? {
            Ok(event) => event,
            Err(_) => continue,
        };
        if event.kind.is_access() || !event.paths.iter().any(|p| is_source(root, p)) {
            continue;
        }
        // An editor's save is several events; take them all before building.
        while rx.recv_timeout(Duration::from_millis(200)).is_ok() {}
        number += 1;
        let started = Instant::now();
        let folder = builds.join(number.to_string());
        match build_site(root, &folder) {
            Ok(folder) => {
                println!("Rebuilt in {:.1} s.", started.elapsed().as_secs_f64());
                let old = site.swap(folder);
                // Requests already reading the old folder finish first.
                std::thread::spawn(move || {
                    std::thread::sleep(Duration::from_secs(30));
                    let _ = fs_err::remove_dir_all(old);
                });
            }
            Err(err) => {
                eprintln!("The book did not build: {err:#}\n(still serving the last build that did)");
                let _ = fs_err::remove_dir_all(&folder);
            }
        }
    }
}

fn inject(body: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8_lossy(&body);
    match text.rfind("</body>") {
        Some(at) => format!("{}{RELOAD}{}", &text[..at], &text[at..]).into_bytes(),
        None => body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::SocketAddr;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A site in the test's own folder under target/, served on a port the system picks.
    struct Fixture {
        dir: PathBuf,
        site: Arc<Site>,
        addr: SocketAddr,
    }

    async fn start(name: &str) -> Fixture {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../target/tmp/serve-tests")
            .join(format!("{name}-{}", std::process::id()));
        let _ = fs_err::remove_dir_all(&dir);
        for build in ["a", "b"] {
            fs_err::create_dir_all(dir.join(build).join("queue")).unwrap();
            fs_err::write(dir.join(build).join("index.html"), format!("index {build}")).unwrap();
            fs_err::write(dir.join(build).join("queue/kata.html"), "kata").unwrap();
            fs_err::write(dir.join(build).join("404.html"), "no such page").unwrap();
        }
        let listener = bind(0).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let site = Site::new(dir.join("a"), addr.port());
        tokio::spawn(run(listener, site.clone()));
        Fixture { dir, site, addr }
    }

    /// Sends `request` as it is and reads the answer until the server closes.
    async fn raw(addr: SocketAddr, request: &[u8]) -> String {
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let _ = stream.write_all(request).await;
        let mut answer = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
        String::from_utf8_lossy(&answer).into_owned()
    }

    fn get(path: &str, host: &str) -> Vec<u8> {
        format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").into_bytes()
    }

    fn status(answer: &str) -> &str {
        answer.split(' ').nth(1).unwrap_or("none")
    }

    #[tokio::test]
    async fn serves_pages_and_a_404_page_with_its_status() {
        let f = start("pages").await;
        let host = format!("127.0.0.1:{}", f.addr.port());
        let index = raw(f.addr, &get("/", &host)).await;
        assert_eq!(status(&index), "200", "{index}");
        assert!(index.ends_with("index a"));
        let missing = raw(f.addr, &get("/nope.html", &host)).await;
        assert_eq!(status(&missing), "404", "{missing}");
        assert!(missing.ends_with("no such page"));
        let escape = raw(f.addr, &get("/%2e%2e/%2e%2e/Cargo.toml", &host)).await;
        assert_eq!(status(&escape), "404", "{escape}");
        let _ = fs_err::remove_dir_all(&f.dir);
    }

    #[tokio::test]
    async fn only_loopback_hosts_on_our_port_are_answered() {
        let f = start("hosts").await;
        let port = f.addr.port();
        for good in [
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("LocalHost:{port}"),
        ] {
            assert_eq!(status(&raw(f.addr, &get("/", &good)).await), "200", "{good}");
        }
        for bad in [
            format!("rebound.example:{port}"),
            "127.0.0.1".to_owned(),
            format!("127.0.0.1:{}", port.wrapping_add(1)),
            format!("localhost.evil.example:{port}"),
        ] {
            assert_eq!(status(&raw(f.addr, &get("/", &bad)).await), "403", "{bad}");
        }
        let no_host = raw(f.addr, b"GET / HTTP/1.0\r\n\r\n").await;
        assert_eq!(status(&no_host), "403", "{no_host}");
        let _ = fs_err::remove_dir_all(&f.dir);
    }

    #[tokio::test]
    async fn a_huge_request_line_is_refused_without_being_held() {
        let f = start("huge").await;
        let host = format!("127.0.0.1:{}", f.addr.port());
        let mut request = b"GET /".to_vec();
        request.extend(std::iter::repeat_n(b'a', 8 * 1024 * 1024));
        request.extend(format!(" HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes());
        let answer = raw(f.addr, &request).await;
        assert!(answer.is_empty() || !answer.starts_with("HTTP/1.1 200"), "{answer}");
        // And the server still answers.
        assert_eq!(status(&raw(f.addr, &get("/", &host)).await), "200");
        let _ = fs_err::remove_dir_all(&f.dir);
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn a_symbolic_link_out_of_the_site_is_not_followed() {
        let f = start("links").await;
        let host = format!("127.0.0.1:{}", f.addr.port());
        let outside = f.dir.join("outside.txt");
        fs_err::write(&outside, "secret").unwrap();
        std::os::unix::fs::symlink(&outside, f.dir.join("a/passwd.txt")).unwrap();
        std::os::unix::fs::symlink(f.dir.join("b"), f.dir.join("a/other")).unwrap();
        let answer = raw(f.addr, &get("/passwd.txt", &host)).await;
        assert_eq!(status(&answer), "404", "{answer}");
        assert!(!answer.contains("secret"));
        assert_eq!(status(&raw(f.addr, &get("/other/index.html", &host)).await), "404");
        let _ = fs_err::remove_dir_all(&f.dir);
    }

    #[tokio::test]
    async fn slow_clients_beyond_the_limit_wait_instead_of_taking_threads() {
        let f = start("slow").await;
        let host = format!("127.0.0.1:{}", f.addr.port());
        // Connections that never finish their headers, past the limit.
        let mut idle = Vec::new();
        for _ in 0..MAX_CONNECTIONS + 20 {
            let mut stream = tokio::net::TcpStream::connect(f.addr).await.unwrap();
            stream.write_all(b"GET / HTTP/1.1\r\n").await.unwrap();
            idle.push(stream);
        }
        let threads = fs_err::read_dir("/proc/self/task").map(|d| d.count()).unwrap_or(0);
        assert!(threads < 40, "{threads} threads for {} idle connections", idle.len());
        // Once some go away, others are served.
        idle.truncate(MAX_CONNECTIONS / 2);
        let answer = tokio::time::timeout(Duration::from_secs(5), raw(f.addr, &get("/", &host)))
            .await
            .expect("a new connection is served once slots free up");
        assert_eq!(status(&answer), "200", "{answer}");
        let _ = fs_err::remove_dir_all(&f.dir);
    }

    #[tokio::test]
    async fn every_request_during_rebuilds_finds_its_page() {
        let f = start("swap").await;
        let host = format!("127.0.0.1:{}", f.addr.port());
        let swapping = {
            let (site, dir) = (f.site.clone(), f.dir.clone());
            std::thread::spawn(move || {
                for round in 0..200 {
                    site.swap(dir.join(if round % 2 == 0 { "b" } else { "a" }));
                    std::thread::sleep(Duration::from_millis(1));
                }
            })
        };
        let mut missing = 0;
        for _ in 0..200 {
            let answer = raw(f.addr, &get("/queue/kata.html", &host)).await;
            missing += usize::from(status(&answer) != "200");
        }
        swapping.join().unwrap();
        assert_eq!(
            missing, 0,
            "{missing} of 200 requests did not find the page during rebuilds"
        );
        assert!(f.site.build.load(Ordering::Relaxed) > 1);
        let _ = fs_err::remove_dir_all(&f.dir);
    }

    #[test]
    fn the_reload_script_goes_before_the_end_of_the_body() {
        let page = String::from_utf8(inject(b"<html><body>x</body></html>".to_vec())).unwrap();
        assert!(page.contains("x<script>") && page.ends_with("</script>\n</body></html>"));
    }

    #[test]
    fn sources_are_the_books_and_the_specs() {
        let root = Path::new("/w");
        assert!(is_source(root, Path::new("/w/book/queue/channels.md")));
        assert!(is_source(root, Path::new("/w/katas/info.toml")));
        assert!(is_source(root, Path::new("/w/katas/queue/tests/spec/mod.rs")));
        assert!(!is_source(root, Path::new("/w/katas/queue/src/lib.rs")));
        assert!(!is_source(root, Path::new("/w/target/serve/2/index.html")));
    }
}
