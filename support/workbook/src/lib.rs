//! The workbook's tool: builds and serves the book, checks that the book and the code agree,
//! and runs the gate — every solution passes its spec, every kata compiles and fails its spec
//! as shipped, every chapter links its kata, every sample prints what the page shows.
//!
//! `cargo run -p workbook -- help` lists the commands; `cargo test -p workbook` runs the gate.

pub mod book;

pub use learn::process;
pub mod catalog;
pub mod gate;
pub mod links;
pub mod new;
pub mod preprocess;
pub mod record;
pub mod samples;
pub mod serve;
pub mod variants;
pub mod workshop;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

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

/// Files with extension `ext` under `dir`, recursively, sorted. Symbolic links are not followed.
pub fn files_under(dir: &Path, ext: &str) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == ext) {
            found.push(entry.into_path());
        }
    }
    Ok(found)
}

/// Decodes `%xx` escapes in a URL path.
pub fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}
