//! The workbook's tool: builds and serves the book, checks that the book and the code agree,
//! and runs the gate — every solution passes its spec, every kata compiles and fails its spec
//! as shipped, every chapter links its kata, every sample prints what the page shows.
//!
//! `cargo run -p workbook -- help` lists the commands; `cargo test -p workbook` runs the gate.

pub mod book;

pub use learn::process;
pub mod catalog;
pub mod gate;
pub mod learner;
pub mod links;
pub mod preprocess;
pub mod samples;
pub mod serve;
pub mod variants;
pub mod workshop;

use std::path::{Path, PathBuf};

use anyhow::Result;

/// The workbook's folder: the nearest one, at or above the folder the command runs in, that holds
/// `katas/info.toml`. Never the folder the tool was compiled in: cargo does not rebuild a tool
/// when its checkout is moved or copied, and a copy must work on itself, not on the original.
/// Run from outside any workbook, the tool says so and stops.
pub fn root() -> PathBuf {
    learn::project::root().unwrap_or_else(|err| {
        eprintln!("error: {err:#}");
        std::process::exit(2)
    })
}

/// Files with extension `ext` under `dir`, recursively, sorted.
pub fn files_under(dir: &Path, ext: &str) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == ext) {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Seconds as a person reads them: `42.55 s`, `2 min 5 s`.
pub fn fmt_seconds(secs: f64) -> String {
    if secs < 60.0 {
        format!("{secs:.2} s")
    } else {
        let whole = secs.round() as u64;
        let (h, m, s) = (whole / 3600, whole / 60 % 60, whole % 60);
        if h > 0 {
            format!("{h} h {m} min {s} s")
        } else {
            format!("{m} min {s} s")
        }
    }
}

/// Decodes `%xx` escapes in a URL path.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = text.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
