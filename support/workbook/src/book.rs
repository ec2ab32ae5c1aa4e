//! Building the book with mdBook's crates, in-process.
//!
//! mdBook publishes whatever it is given: an empty `SUMMARY.md` makes an empty site, a symbolic
//! link in `book/` is copied as the file it points at, and a sample that no longer compiles is
//! still shown beside the output it printed when it did. A build that would publish any of
//! those fails instead, naming the file.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use mdbook_driver::MDBook;
use mdbook_driver::book::BookItem;
use mdbook_driver::config::{Config, HtmlConfig};

use crate::preprocess::Workbook;

/// Where `workbook build` puts the book (also `build-dir` in `book.toml`).
pub fn build_dir(root: &Path) -> PathBuf {
    root.join("target/book")
}

/// Checks that every sample compiles, then builds the book into `target/book` and returns that
/// folder.
pub fn build(root: &Path) -> Result<PathBuf> {
    crate::samples::build(root).context("the book's samples must compile before it is published")?;
    build_into(root, &build_dir(root))?;
    Ok(build_dir(root))
}

/// Builds the book into `folder` (samples unchecked: `serve` rebuilds at every save).
pub fn build_into(root: &Path, folder: &Path) -> Result<()> {
    no_link_leaves(&root.join("book"))?;
    let mut config = Config::from_disk(root.join("book.toml")).context("reading book.toml")?;
    config.update_from_env()?;
    // mdBook only logs a bad `[output.html]` and carries on with defaults; fail instead.
    let _: Option<HtmlConfig> = config.get("output.html").context("book.toml: [output.html]")?;
    config.build.build_dir = folder.to_owned();
    let mut book = MDBook::load_with_config(root, config).context("loading the book")?;
    let chapters = book
        .book
        .iter()
        .filter(|item| matches!(item, BookItem::Chapter(_)))
        .count();
    if chapters == 0 {
        bail!("book/SUMMARY.md lists no chapters: there would be nothing to publish");
    }
    // Same name as the command preprocessor in book.toml: this replaces it in place (keeping its
    // place in the order), so the in-process build never shells out to `cargo run`.
    book.with_preprocessor(Workbook { root: root.to_owned() });
    book.build().context("building the book")?;
    Ok(())
}

/// Fails if a symbolic link under `dir` leads out of it (mdBook would publish its target).
pub fn no_link_leaves(dir: &Path) -> Result<()> {
    let inside = dir
        .canonicalize()
        .with_context(|| format!("reading {}", dir.display()))?;
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        if !entry.path_is_symlink() {
            continue;
        }
        let leads_to = entry.path().canonicalize();
        if leads_to.as_ref().is_ok_and(|target| target.starts_with(&inside)) {
            continue;
        }
        bail!(
            "{} is a symbolic link to {}, outside {}: the book publishes files, not links, so put \
             the file itself there",
            entry.path().display(),
            leads_to.map_or_else(|_| "nothing".to_owned(), |t| t.display().to_string()),
            dir.display()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_book_fails_the_build() {
        let dir =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../target/tmp/book-links-{}", std::process::id()));
        let _ = fs_err::remove_dir_all(&dir);
        fs_err::create_dir_all(dir.join("book/queue")).unwrap();
        fs_err::write(dir.join("secret.txt"), "x").unwrap();
        fs_err::write(dir.join("book/queue/page.md"), "x").unwrap();
        std::os::unix::fs::symlink(dir.join("book/queue/page.md"), dir.join("book/alias.md")).unwrap();
        no_link_leaves(&dir.join("book")).expect("a link inside the book is fine");
        std::os::unix::fs::symlink(dir.join("secret.txt"), dir.join("book/queue/passwd.txt")).unwrap();
        let err = no_link_leaves(&dir.join("book")).unwrap_err().to_string();
        assert!(err.contains("passwd.txt") && err.contains("outside"), "{err}");
        let _ = fs_err::remove_dir_all(&dir);
    }

    #[test]
    fn an_empty_summary_fails_the_build() {
        let dir =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../target/tmp/book-empty-{}", std::process::id()));
        let _ = fs_err::remove_dir_all(&dir);
        fs_err::create_dir_all(dir.join("book")).unwrap();
        fs_err::write(dir.join("book.toml"), "[book]\ntitle = \"x\"\nsrc = \"book\"\n").unwrap();
        fs_err::write(dir.join("book/SUMMARY.md"), "# Summary\n").unwrap();
        let err = build_into(&dir, &dir.join("site")).unwrap_err().to_string();
        assert!(err.contains("SUMMARY.md lists no chapters"), "{err}");
        assert!(!dir.join("site/index.html").exists());
        let _ = fs_err::remove_dir_all(&dir);
    }
}
