//! `workbook new <topic>`: the skeleton of a new chapter and its kata, every piece in its place.
//!
//! A kata touches about a dozen places: two crates (the kata and its solution) sharing one spec,
//! a world in the harness behind a feature of its own, a chapter folder with its kata page, the
//! book's table of contents and the catalog. `new` writes all of them, filled with a small but
//! real exercise — a desk that answers after a second, asked three questions one after another —
//! so that the skeleton already works end to end: the kata compiles and fails its spec, the
//! solution passes it, the chapter shows the kata box, and the gate (`cargo test`) is green.
//! From there, each piece is rewritten into the chapter's own; the gate says what is missing
//! when something is.
//!
//! It refuses to overwrite anything: a topic that exists anywhere is an error.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// A topic name: lowercase words joined by `-`, as the folders and packages use it.
fn valid(topic: &str) -> bool {
    !topic.is_empty()
        && topic
            .split('-')
            .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
        && topic.starts_with(|c: char| c.is_ascii_lowercase())
}

/// The files `new` writes, relative to the root, with their contents.
pub fn files(topic: &str) -> Vec<(PathBuf, String)> {
    let snake = topic.replace('-', "_");
    let fill = |text: &str| text.replace("@topic@", topic).replace("@snake@", &snake);
    let kata_manifest = |role: &str, what: &str| {
        fill(MANIFEST)
            .replace("@package@", &format!("{role}-{topic}"))
            .replace("@what@", what)
    };
    vec![
        (
            format!("katas/{topic}/Cargo.toml").into(),
            kata_manifest("kata", "Kata"),
        ),
        (format!("katas/{topic}/src/lib.rs").into(), fill(KATA_LIB)),
        (format!("katas/{topic}/tests/{snake}.rs").into(), fill(KATA_WRAPPER)),
        (
            format!("katas/{topic}/tests/spec/mod.rs").into(),
            fill(SPEC).replace("@uses@", &spec_uses(&snake)),
        ),
        (
            format!("solutions/{topic}/Cargo.toml").into(),
            kata_manifest("solution", "Reference solution"),
        ),
        (format!("solutions/{topic}/src/lib.rs").into(), fill(SOLUTION_LIB)),
        (
            format!("solutions/{topic}/tests/{snake}.rs").into(),
            fill(SOLUTION_WRAPPER),
        ),
        (format!("support/harness/src/worlds/{snake}.rs").into(), fill(WORLD)),
        (format!("book/{topic}/README.md").into(), fill(CHAPTER)),
        (format!("book/{topic}/kata.md").into(), fill(KATA_PAGE)),
    ]
}

/// The spec's two `use` lines, in the order rustfmt keeps them.
fn spec_uses(snake: &str) -> String {
    let mut uses = [
        format!("use kata_harness::{snake}::{{ANSWER_TIME, Desk, DeskLog}};"),
        "use kata_harness::prelude::*;".to_owned(),
    ];
    uses.sort();
    uses.join("\n")
}

/// Writes the skeleton of `topic` and registers it: the harness feature and module, the
/// catalog entry, the table of contents. Returns what it did, for the maintainer to read.
pub fn new(root: &Path, topic: &str) -> Result<Vec<String>> {
    if !valid(topic) {
        bail!("`{topic}` is not a topic name: lowercase words joined by `-`, such as `streams` or `web-sockets`");
    }
    let snake = topic.replace('-', "_");
    let files = files(topic);
    for (path, _) in &files {
        if root.join(path).exists() {
            bail!("{} exists already: `new` never overwrites anything", path.display());
        }
    }
    if learn::catalog::load(root)?.iter().any(|k| k.name == topic) {
        bail!("katas/info.toml has a kata `{topic}` already");
    }
    let mut done = Vec::new();
    for (path, text) in &files {
        let full = root.join(path);
        fs_err::create_dir_all(full.parent().context("a file has a folder")?)?;
        fs_err::write(&full, text)?;
        done.push(format!("wrote   {}", path.display()));
    }

    // The harness: a feature named after the kata, the module behind it, its re-export.
    let harness = root.join("support/harness/Cargo.toml");
    let manifest = fs_err::read_to_string(&harness)?;
    let manifest = insert_after_last(&manifest, "[features]", "\n", &format!("{topic} = []\n"))
        .with_context(|| format!("{}: no [features] table", harness.display()))?;
    // The harness's own tests build every world: its dev-dependency on itself lists them all.
    let manifest: String = manifest
        .lines()
        .map(|line| {
            if line.starts_with("kata-harness = { path = \".\"") {
                line.replacen("features = [", &format!("features = [\"{topic}\", "), 1)
            } else {
                line.to_owned()
            }
        })
        .map(|line| line + "\n")
        .collect();
    fs_err::write(&harness, manifest)?;
    done.push(format!("added   the `{topic}` feature to support/harness/Cargo.toml"));
    let worlds = root.join("support/harness/src/worlds/mod.rs");
    let text = fs_err::read_to_string(&worlds)?;
    fs_err::write(
        &worlds,
        format!(
            "{}#[cfg(feature = \"{topic}\")]\npub mod {snake};\n",
            ensure_newline(&text)
        ),
    )?;
    let lib = root.join("support/harness/src/lib.rs");
    let text = fs_err::read_to_string(&lib)?;
    fs_err::write(
        &lib,
        format!(
            "{}#[cfg(feature = \"{topic}\")]\npub use crate::worlds::{snake};\n",
            ensure_newline(&text)
        ),
    )?;
    done.push(format!(
        "added   worlds::{snake} to support/harness/src/worlds/mod.rs and lib.rs"
    ));

    // The catalog, at the end (the book's order is the catalog's order).
    let info = root.join("katas/info.toml");
    let text = fs_err::read_to_string(&info)?;
    fs_err::write(
        &info,
        format!("{}\n{}", ensure_newline(&text), CATALOG.replace("@topic@", topic)),
    )?;
    done.push(format!("added   [[kata]] {topic} to katas/info.toml"));

    // The table of contents: the chapter after the last one.
    let summary = root.join("book/SUMMARY.md");
    let text = fs_err::read_to_string(&summary)?;
    let entry = format!("- [{topic}: TODO the chapter's title]({topic}/README.md)\n  - [The kata]({topic}/kata.md)\n");
    let text = match text.find("\n# For instructors") {
        Some(at) => format!("{}{entry}{}", &text[..at + 1], &text[at..]),
        None => format!("{}{entry}", ensure_newline(&text)),
    };
    fs_err::write(&summary, text)?;
    done.push("added   the chapter to book/SUMMARY.md".to_string());
    Ok(done)
}

/// What to do after `new`, printed under the list of what it did.
pub fn next_steps(topic: &str) -> String {
    let snake = topic.replace('-', "_");
    format!(
        "\nThe skeleton works: cargo test -p kata-{topic} fails, cargo test -p solution-{topic} passes.\n\
         Now make it the chapter's own, in this order:\n\
         1. support/harness/src/worlds/{snake}.rs — the world: its fixed numbers, what it records.\n\
         2. katas/info.toml — the problems, goals and hints (the book's kata box is made from them).\n\
         3. katas/{topic}/tests/spec/mod.rs — a check per claim, named problemN_…; list them in spec!.\n\
         4. solutions/{topic}/src — the reference solution; then katas/{topic}/src, as a learner gets it\n\
            (its crate doc lists the problems as `N. **title** — …`, in the catalog's order).\n\
         5. book/{topic}/ — the chapter, samples in book/Cargo.toml, and the kata page.\n\
         6. Commit, then record the kata as shipped: cargo run -p workbook -- ship (and commit that).\n\
         7. Keep every program you try as a variant in solutions/{topic}/variants/ (15 at least:\n\
            8 wrong, 5 right) and run cargo run -p workbook -- variants {topic}.\n\
         The gate (cargo test -p workbook) says what is still missing; cargo fmt sorts what `new` appended."
    )
}

fn ensure_newline(text: &str) -> String {
    if text.ends_with('\n') {
        text.to_owned()
    } else {
        format!("{text}\n")
    }
}

/// `text` with `insert` placed after the first line break (`end`) that follows `anchor`.
fn insert_after_last(text: &str, anchor: &str, end: &str, insert: &str) -> Option<String> {
    let at = text.find(anchor)?;
    // After the table's last line: the next blank line, or the end of the file.
    let rest = &text[at..];
    let stop = rest.find("\n\n").map_or(text.len(), |i| at + i + end.len());
    Some(format!("{}{insert}{}", &text[..stop], &text[stop..]))
}

const MANIFEST: &str = r#"[package]
name = "@package@"
version = "0.1.0"
description = "@what@: TODO one line on the exercise (the workbook's @topic@ chapter)."
edition.workspace = true
rust-version.workspace = true
publish.workspace = true
license.workspace = true

# The library has no tests of its own: `cargo test` goes straight to the spec.
[lib]
test = false
doctest = false

[dependencies]
# Only the tokio features the exercise needs: a learner's first build compiles nothing else.
tokio = { workspace = true, features = ["rt", "time"] }
kata-harness = { workspace = true, features = ["@topic@"] }

[lints]
workspace = true

# The spec runs under the harness's runner, each check in its own process (support/harness/src/core/spec.rs).
[[test]]
name = "@snake@"
path = "tests/@snake@.rs"
harness = false
"#;

const KATA_LIB: &str = r#"//! # Kata: @topic@ — TODO the kata's title
//!
//! TODO: the program in a paragraph — what it does, in which world, and what is wrong with it as
//! shipped. It compiles and runs; the spec says what it does not do yet:
//!
//! ```text
//! cargo test -p kata-@topic@            # every problem
//! cargo test -p kata-@topic@ problem1   # one problem
//! ```
//!
//! 1. **first** — `first` asks the desk three questions and returns the sum of the answers, in
//!    about the time of one answer.
//!
//! The harness's [`Desk`] owns the fixed numbers: how long an answer takes. Everything else in
//! this file is yours to change, as long as `first` keeps its signature.

use kata_harness::@snake@::Desk;

/// Asks the desk 1, 2 and 3, and returns the sum of the answers.
pub async fn first(desk: &Desk) -> u64 {
    // TODO: each question waits for the one before. Need it?
    let mut sum = 0;
    for question in 1..=3 {
        sum += desk.ask(question).await;
    }
    sum
}
"#;

const SOLUTION_LIB: &str = r#"//! Reference solution of the @topic@ kata (TODO: a line on the approach).

use kata_harness::@snake@::Desk;

/// Asks the desk 1, 2 and 3 at once, each question a task of its own, and returns the sum of
/// the answers.
pub async fn first(desk: &Desk) -> u64 {
    let asked: Vec<_> = (1..=3)
        .map(|question| {
            let desk = desk.clone();
            tokio::spawn(async move { desk.ask(question).await })
        })
        .collect();
    let mut sum = 0;
    for answer in asked {
        sum += answer.await.expect("a question panicked");
    }
    sum
}
"#;

const KATA_WRAPPER: &str = r#"//! Runs the @topic@ kata's spec (`tests/spec/`) against this crate.
//!
//! The same spec runs against the reference solution, so leave the tests as they are: your
//! work goes in `src/`.

use kata_@snake@ as subject;

mod spec;

fn main() -> std::process::ExitCode {
    kata_harness::main(spec::tests())
}
"#;

const SOLUTION_WRAPPER: &str = r#"//! Runs the @topic@ kata's spec against the reference solution: the very file the kata runs.

use solution_@snake@ as subject;

#[path = "../../../katas/@topic@/tests/spec/mod.rs"]
mod spec;

fn main() -> std::process::ExitCode {
    kata_harness::main(spec::tests())
}
"#;

const SPEC: &str = r#"//! The @topic@ kata's spec. One file, two crates: `cargo test -p kata-@topic@` runs it against
//! the kata, `cargo test -p solution-@topic@` against the reference solution.
//!
//! TODO: what the world records, and what the checks judge from it — never how the code is
//! written.

@uses@

use crate::subject;

/// Every run: a minute of simulated time at most, and what a deadlock most likely is here.
const RUNS: Runs = Runs::new(secs(60)).deadlock_hint("TODO: what a program here most likely waits for");

fn run_first() -> (DeskLog, Run<u64>) {
    let (desk, log) = Desk::open();
    let run = RUNS.run(log.recorder(), move || async move { subject::first(&desk).await });
    (log, run)
}

// ---------------------------------------------------------------------------------------------
// Problem 1 — first

fn problem1_first_sums_the_answers() {
    let (log, run) = run_first();
    if run.value != 12 {
        Failure::new("first returned the wrong sum")
            .measured(format!("first returned {}", run.value))
            .expected("12")
            .why("the desk answers 1, 2 and 3 with their doubles: 2 + 4 + 6")
            .timeline(picture(log.recorder(), run.elapsed))
            .fail();
    }
}

fn problem1_first_asks_at_once() {
    let (log, run) = run_first();
    let bound = TimeBound {
        lower: ANSWER_TIME,
        derivation: format!(
            "the three questions need not wait for each other; each answer takes {}",
            fmt_duration(ANSWER_TIME)
        ),
        tolerance: 0.05,
        one_at_a_time: Some((ANSWER_TIME * 3, format!("3 questions × {}", fmt_duration(ANSWER_TIME)))),
    };
    if let Err(failure) = bound.check(run.elapsed) {
        failure
            .hint("ask every question before awaiting any answer")
            .timeline(picture(log.recorder(), run.elapsed))
            .fail();
    }
}

kata_harness::spec! {
    problem1_first_sums_the_answers,
    problem1_first_asks_at_once,
}
"#;

const WORLD: &str = r##"//! The world of the @topic@ kata: TODO what it simulates, what it records, and why.
//!
//! (The skeleton `workbook new` wrote: a desk that answers a question after a second of
//! simulated time. Keep its shape — a handle for the program, a log for the spec.)

use std::time::Duration;

use crate::core::record::{Outcome, Recorder};

/// How long the desk takes to answer a question.
pub const ANSWER_TIME: Duration = Duration::from_secs(1);

/// What the program holds: it can ask questions, and nothing else.
#[derive(Clone)]
pub struct Desk {
    recorder: Recorder<u64>,
}

/// What only the spec reads: every question, on a timeline.
pub struct DeskLog {
    recorder: Recorder<u64>,
}

impl Desk {
    /// A desk for the program, and its log for the spec.
    pub fn open() -> (Desk, DeskLog) {
        let recorder = Recorder::new();
        (
            Desk {
                recorder: recorder.clone(),
            },
            DeskLog { recorder },
        )
    }

    /// The answer to `question` (its double), after [`ANSWER_TIME`].
    pub async fn ask(&self, question: u64) -> u64 {
        let span = self
            .recorder
            .track(&format!("question {question}"), format!("#{question}"), question);
        tokio::time::sleep(ANSWER_TIME).await;
        span.finish(Outcome::Done);
        question * 2
    }
}

impl DeskLog {
    /// The record of every question asked.
    pub fn recorder(&self) -> &Recorder<u64> {
        &self.recorder
    }
}
"##;

const CHAPTER: &str = r#"# @topic@: TODO the chapter's title

TODO: what this chapter teaches, in asyncio's terms first, then tokio's.

<details>
<summary>Speaker notes</summary>

- TODO: minutes, what to demo, what to ask the room.

</details>
"#;

const KATA_PAGE: &str = r#"# The kata

{{#kata @topic@}}

## What you start with

TODO: the file a learner edits, the world's fixed numbers, and how to run the first problem:

```text
cargo test -p kata-@topic@ problem1
```
"#;

const CATALOG: &str = r#"[[kata]]
name = "@topic@"
title = "TODO the kata's title"
edit = ["src/lib.rs"]

[[kata.problem]]
title = "first"
minutes = 10
goal = "`first` asks the desk three questions and returns the sum of the answers in about one second: the time of one answer, not three."
hints = [
    "Does each question need the answer to the one before?",
    "Spawn a task per question (`tokio::spawn`, with a clone of the desk each), then await the handles.",
]
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_names_are_folder_and_package_names() {
        assert!(valid("streams") && valid("web-sockets") && valid("http2"));
        assert!(!valid("") && !valid("Streams") && !valid("-x") && !valid("x--y") && !valid("a_b") && !valid("../x"));
    }

    #[test]
    fn every_placeholder_is_filled() {
        for (path, text) in files("web-sockets") {
            assert!(!text.contains('@'), "{}: {text}", path.display());
        }
        assert!(
            files("web-sockets")
                .iter()
                .any(|(p, _)| p == Path::new("support/harness/src/worlds/web_sockets.rs"))
        );
    }
}
