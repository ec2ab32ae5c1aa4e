//! The book's code samples: programs of the `book-examples` package (`book/Cargo.toml`), each
//! next to the chapter that shows it, with its recorded output in `<name>.out`.
//!
//! The samples run on tokio's paused clock, so their output — times included — is the same on
//! every run; `check` reruns them and compares, `bless` records them anew.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::preprocess::sample_bin;
use crate::process;

#[derive(Deserialize)]
struct Manifest {
    #[serde(default)]
    bin: Vec<Bin>,
}

#[derive(Deserialize)]
struct Bin {
    name: String,
    path: String,
}

/// One sample program.
#[derive(Clone, Debug)]
pub struct Sample {
    /// Its binary, `<chapter>-<file stem>`.
    pub bin: String,
    /// Its source, relative to the workspace root (`book/queue/backpressure.rs`).
    pub source: PathBuf,
    /// Its recorded output, relative to the workspace root.
    pub recorded: PathBuf,
}

/// The samples declared in `book/Cargo.toml`, checked against the files in `book/`.
pub fn list(root: &Path) -> Result<Vec<Sample>> {
    let text = fs_err::read_to_string(root.join("book/Cargo.toml")).context("reading book/Cargo.toml")?;
    let manifest: Manifest = toml::from_str(&text).context("parsing book/Cargo.toml")?;
    let mut samples = Vec::new();
    for bin in manifest.bin {
        let path = Path::new(&bin.path);
        let (Some(dir), Some(stem)) = (path.parent(), path.file_stem()) else {
            bail!("book/Cargo.toml: odd path `{}`", bin.path);
        };
        let expected = sample_bin(dir, &stem.to_string_lossy());
        if bin.name != expected {
            bail!(
                "book/Cargo.toml: the sample {} should be named `{expected}`, not `{}`",
                bin.path,
                bin.name
            );
        }
        samples.push(Sample {
            bin: bin.name,
            source: Path::new("book").join(path),
            recorded: Path::new("book").join(path.with_extension("out")),
        });
    }
    Ok(samples)
}

/// Rust files under `book/` that are not samples: code that would live only in the book.
pub fn strays(root: &Path, samples: &[Sample]) -> Result<Vec<PathBuf>> {
    let mut strays = Vec::new();
    for file in crate::files_under(&root.join("book"), "rs")? {
        let relative = file.strip_prefix(root).unwrap_or(&file).to_path_buf();
        if !samples.iter().any(|s| s.source == relative) {
            strays.push(relative);
        }
    }
    Ok(strays)
}

/// Builds every sample.
pub fn build(root: &Path) -> Result<()> {
    let mut cargo = process::cargo(root);
    cargo.args(["build", "--quiet", "-p", "book-examples", "--bins"]);
    let outcome = process::run(cargo, Duration::from_secs(1200))?;
    if !outcome.success {
        bail!("building the samples failed:\n{}", outcome.stderr);
    }
    Ok(())
}

/// Runs one (built) sample and returns what it printed.
pub fn run(root: &Path, sample: &Sample) -> Result<String> {
    let exe = process::target_dir(root).join("debug").join(&sample.bin);
    let mut command = std::process::Command::new(&exe);
    command.current_dir(root);
    let outcome = process::run(command, Duration::from_secs(60))?;
    if outcome.timed_out {
        bail!("{} did not finish within a minute", sample.bin);
    }
    if !outcome.success {
        bail!("{} failed:\n{}", sample.bin, outcome.stderr);
    }
    Ok(outcome.stdout)
}

/// The words that mark a sample whose output is measured in real time: its numbers change from
/// run to run, so only its words and layout are compared.
pub const MEASURED: &str = "Measured in real time";

/// `text` with every number replaced by `#`.
fn without_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_number = false;
    for c in text.chars() {
        if c.is_ascii_digit() || (in_number && c == '.') {
            if !in_number {
                out.push('#');
            }
            in_number = true;
        } else {
            in_number = false;
            out.push(c);
        }
    }
    out
}

/// Reruns every sample and lists those whose output differs from the recording.
pub fn check(root: &Path) -> Result<Vec<String>> {
    build(root)?;
    let mut problems = Vec::new();
    for sample in list(root)? {
        let fresh = run(root, &sample)?;
        let measured = fs_err::read_to_string(root.join(&sample.source))?.contains(MEASURED);
        let same = |recorded: &str| {
            if measured {
                without_numbers(recorded) == without_numbers(&fresh)
            } else {
                recorded == fresh
            }
        };
        match fs_err::read_to_string(root.join(&sample.recorded)) {
            Err(_) => problems.push(format!(
                "{}: no recorded output ({} is missing; run `cargo run -p workbook -- bless`)",
                sample.bin,
                sample.recorded.display()
            )),
            Ok(recorded) if !same(&recorded) => problems.push(format!(
                "{}: the book shows output the program no longer prints ({}):\n{}",
                sample.bin,
                sample.recorded.display(),
                first_difference(&recorded, &fresh)
            )),
            Ok(_) => {}
        }
    }
    Ok(problems)
}

/// Records every sample's output anew; returns the files that changed.
pub fn bless(root: &Path) -> Result<Vec<PathBuf>> {
    build(root)?;
    let mut changed = Vec::new();
    for sample in list(root)? {
        let fresh = run(root, &sample)?;
        let path = root.join(&sample.recorded);
        let recorded = fs_err::read_to_string(&path).ok();
        let measured = fs_err::read_to_string(root.join(&sample.source))?.contains(MEASURED);
        // A measured sample keeps its recorded numbers unless its words or layout changed.
        let unchanged = match &recorded {
            Some(old) if measured => without_numbers(old) == without_numbers(&fresh),
            Some(old) => *old == fresh,
            None => false,
        };
        if !unchanged {
            fs_err::write(&path, fresh)?;
            changed.push(sample.recorded);
        }
    }
    Ok(changed)
}

fn first_difference(recorded: &str, fresh: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (recorded.lines().collect(), fresh.lines().collect());
    for i in 0..a.len().max(b.len()) {
        let (x, y) = (a.get(i).copied(), b.get(i).copied());
        if x != y {
            return format!(
                "  line {}:\n    book:    {}\n    program: {}",
                i + 1,
                x.unwrap_or("(no line)"),
                y.unwrap_or("(no line)")
            );
        }
    }
    "  (they differ only in trailing whitespace)".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_masked() {
        assert_eq!(without_numbers("cores: 2, took 1.50 s, v1.2"), "cores: #, took # s, v#");
    }
}
