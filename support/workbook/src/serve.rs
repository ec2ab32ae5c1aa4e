//! `workbook serve`: the book on http://127.0.0.1, rebuilt when a source changes.
//!
//! mdBook's own server lives in its command-line crate, not in its libraries, and brings a web
//! framework along; a book needs far less: static files, and a page that reloads itself after a
//! rebuild. Pages served from here get a few lines of script that ask for the build number once
//! a second and reload when it changes; the built files on disk stay as mdBook wrote them.

use std::io::{BufRead, BufReader, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use crate::percent_decode;
use anyhow::{Context, Result};

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

/// Builds the book, serves it on 127.0.0.1 from `port` on (the next free one), and rebuilds it
/// whenever a source changes. Runs until interrupted.
pub fn serve(root: &Path, port: u16) -> Result<()> {
    let started = Instant::now();
    let site = crate::book::build(root)?;
    println!("Built the book in {:.1} s.", started.elapsed().as_secs_f64());
    let (listener, port) = bind(port)?;
    println!("Serving it at http://127.0.0.1:{port}/ — open that in a browser.");
    println!("Pages reload themselves when you save a chapter or a sample. Ctrl-C stops.");

    let build = Arc::new(AtomicU64::new(1));
    {
        let (root, build) = (root.to_owned(), build.clone());
        std::thread::spawn(move || watch(&root, &build));
    }
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let (site, build) = (site.clone(), build.clone());
        std::thread::spawn(move || {
            let _ = respond(stream, &site, build.load(Ordering::Relaxed));
        });
    }
    Ok(())
}

fn bind(port: u16) -> Result<(TcpListener, u16)> {
    for candidate in port..port.saturating_add(20) {
        if let Ok(listener) = TcpListener::bind((Ipv4Addr::LOCALHOST, candidate)) {
            return Ok((listener, candidate));
        }
    }
    anyhow::bail!("no free port on 127.0.0.1 from {port} to {}", port.saturating_add(19))
}

/// Polls the sources; rebuilds and bumps the build number when they change.
fn watch(root: &Path, build: &AtomicU64) {
    let mut last = fingerprint(root);
    loop {
        std::thread::sleep(Duration::from_millis(500));
        let now = fingerprint(root);
        if now == last {
            continue;
        }
        last = now;
        let started = Instant::now();
        match crate::book::build(root) {
            Ok(_) => {
                println!("Rebuilt in {:.1} s.", started.elapsed().as_secs_f64());
                build.fetch_add(1, Ordering::Relaxed);
            }
            Err(err) => eprintln!("The book did not build: {err:#}"),
        }
    }
}

/// Changes whenever a file the book is made from changes.
fn fingerprint(root: &Path) -> u128 {
    let mut paths = vec![root.join("book.toml"), root.join("katas/info.toml")];
    let mut dirs = vec![root.join("book")];
    if let Ok(katas) = std::fs::read_dir(root.join("katas")) {
        dirs.extend(katas.flatten().map(|e| e.path().join("tests/spec")));
    }
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path)
            } else {
                paths.push(path)
            }
        }
    }
    paths.iter().fold(paths.len() as u128, |acc, path| {
        let stamp = std::fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        acc.wrapping_mul(31).wrapping_add(stamp)
    })
}

fn respond(stream: TcpStream, site: &Path, build: u64) -> Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    // Skip the headers.
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let mut parts = request.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let mut stream = stream;
    if method != "GET" && method != "HEAD" {
        return send(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"only GET".to_vec(),
            method,
        );
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    if path == "/__workbook/build" {
        return send(
            &mut stream,
            "200 OK",
            "text/plain",
            build.to_string().into_bytes(),
            method,
        );
    }
    match file_for(site, path) {
        Some(file) => {
            let mut body = std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let kind = content_type(&file);
            if kind.starts_with("text/html") {
                body = inject(body);
            }
            send(&mut stream, "200 OK", kind, body, method)
        }
        None => {
            let body = std::fs::read(site.join("404.html")).unwrap_or_else(|_| b"not found".to_vec());
            send(
                &mut stream,
                "404 Not Found",
                "text/html; charset=utf-8",
                inject(body),
                method,
            )
        }
    }
}

/// The file under `site` that a URL path names, if there is one (never outside `site`).
fn file_for(site: &Path, path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(path);
    let mut file = site.to_path_buf();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => file.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

fn inject(body: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8_lossy(&body);
    match text.rfind("</body>") {
        Some(at) => format!("{}{RELOAD}{}", &text[..at], &text[at..]).into_bytes(),
        None => body,
    }
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "txt" | "rs" | "out" | "toml" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn send(stream: &mut TcpStream, status: &str, kind: &str, body: Vec<u8>, method: &str) -> Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    Ok(stream.flush()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_site() {
        let site = std::env::temp_dir().join(format!("workbook-serve-{}", std::process::id()));
        std::fs::create_dir_all(site.join("queue")).unwrap();
        std::fs::write(site.join("index.html"), "i").unwrap();
        std::fs::write(site.join("queue/kata.html"), "k").unwrap();
        assert_eq!(file_for(&site, "/"), Some(site.join("index.html")));
        assert_eq!(file_for(&site, "/queue/kata.html"), Some(site.join("queue/kata.html")));
        assert_eq!(file_for(&site, "/../etc/passwd"), None);
        assert_eq!(file_for(&site, "/%2e%2e/etc/passwd"), None);
        assert_eq!(file_for(&site, "/missing.html"), None);
        let _ = std::fs::remove_dir_all(&site);
    }

    #[test]
    fn the_reload_script_goes_before_the_end_of_the_body() {
        let page = String::from_utf8(inject(b"<html><body>x</body></html>".to_vec())).unwrap();
        assert!(page.contains("x<script>") && page.ends_with("</script>\n</body></html>"));
    }
}
