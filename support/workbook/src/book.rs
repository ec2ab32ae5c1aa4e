//! Building the book with mdBook's crates, in-process.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use mdbook_driver::MDBook;
use mdbook_driver::config::{Config, HtmlConfig};

use crate::preprocess::Workbook;

/// Where `workbook build` puts the book (also `build-dir` in `book.toml`).
pub fn build_dir(root: &Path) -> PathBuf {
    root.join("target/book")
}

/// Builds the book into `target/book` and returns that folder.
pub fn build(root: &Path) -> Result<PathBuf> {
    let mut config = Config::from_disk(root.join("book.toml")).context("reading book.toml")?;
    config.update_from_env()?;
    // mdBook only logs a bad `[output.html]` and carries on with defaults; fail instead.
    let _: Option<HtmlConfig> = config.get("output.html").context("book.toml: [output.html]")?;
    let mut book = MDBook::load_with_config(root, config).context("loading the book")?;
    // Same name as the command preprocessor in book.toml: this replaces it in place (keeping its
    // place in the order), so the in-process build never shells out to `cargo run`.
    book.with_preprocessor(Workbook { root: root.to_owned() });
    book.build().context("building the book")?;
    Ok(build_dir(root))
}
