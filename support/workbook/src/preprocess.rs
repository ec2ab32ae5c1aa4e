//! The book's preprocessor: expands the workbook's directives in chapter sources.
//!
//! - `{{#kata queue}}` — the kata box: crate, command, files to edit, problems with their
//!   tests (read from the spec) and folded hints (from `katas/info.toml`).
//! - `{{#sample name}}` — the Rust program `name.rs` beside the chapter, which the workspace
//!   compiles as binary `<chapter>-<name>` of the `book-examples` package.
//! - `{{#output name}}` — what that program printed, recorded in `name.out` and checked by the
//!   gate against a fresh run, so the page never shows output the code does not produce.
//! - `{{#figure name | caption}}` — the same, drawn as a figure (timelines).
//!
//! It runs in-process in `workbook build`/`serve`, and as a command preprocessor for people who
//! run a global `mdbook` (see `book.toml`).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};

use crate::catalog::{self, Kata};

pub const NAME: &str = "workbook";

/// The preprocessor; `root` is the workspace root (where `book.toml` is).
pub struct Workbook {
    pub root: PathBuf,
}

impl Preprocessor for Workbook {
    fn name(&self) -> &str {
        NAME
    }

    fn run(&self, _ctx: &PreprocessorContext, mut book: Book) -> mdbook_preprocessor::errors::Result<Book> {
        let mut errors = Vec::new();
        book.for_each_mut(|item| {
            if let BookItem::Chapter(chapter) = item
                && let Some(source) = &chapter.source_path
            {
                match expand(&self.root, source, &chapter.content) {
                    Ok(content) => chapter.content = content,
                    Err(err) => errors.push(format!("{}: {err:#}", source.display())),
                }
            }
        });
        if !errors.is_empty() {
            bail!("{}", errors.join("\n"));
        }
        Ok(book)
    }

    fn supports_renderer(&self, renderer: &str) -> mdbook_preprocessor::errors::Result<bool> {
        Ok(renderer == "html")
    }
}

/// The workbook's directive words. mdBook's own (`include`, `rustdoc_include`, `playground`,
/// `title`) are left to mdBook; any other `{{#word}}` is a mistake the gate reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Word {
    /// `{{#kata queue}}`: the kata box, from `katas/info.toml` and the spec.
    Kata,
    /// `{{#predictions}}`: every predict-first question of the book, with its answer.
    Predictions,
    /// `{{#sample name}}`: a sample's source, from `name.rs` beside the page.
    Sample,
    /// `{{#output name}}`: a sample's recorded output, `name.out`.
    Output,
    /// `{{#figure name | caption}}`: a sample's output as a captioned figure.
    Figure,
    /// `{{#kata-plan gather}}` or `{{#kata-plan gather: pokedex, fail_fast}}`: a schedule's kata
    /// slot — the problems with their minutes from `katas/info.toml`, and the rest as homework.
    KataPlan,
}

impl Word {
    pub const ALL: [Word; 6] = [
        Word::Kata,
        Word::Predictions,
        Word::Sample,
        Word::Output,
        Word::Figure,
        Word::KataPlan,
    ];
    /// mdBook's own directive words.
    pub const MDBOOK: [&str; 4] = ["include", "rustdoc_include", "playground", "title"];

    pub fn as_str(self) -> &'static str {
        match self {
            Word::Kata => "kata",
            Word::Predictions => "predictions",
            Word::Sample => "sample",
            Word::Output => "output",
            Word::Figure => "figure",
            Word::KataPlan => "kata-plan",
        }
    }

    pub fn parse(word: &str) -> Option<Word> {
        Word::ALL.into_iter().find(|w| w.as_str() == word)
    }
}

/// A directive found in a chapter: `{{#word args}}` and where it stands.
#[derive(Debug, PartialEq, Eq)]
pub struct Directive<'a> {
    pub word: Word,
    pub args: &'a str,
    pub start: usize,
    pub end: usize,
}

/// The workbook's directives in `text`, in order (mdBook's own, like `include`, are left alone).
pub fn directives(text: &str) -> Vec<Directive<'_>> {
    all_directives(text).into_iter().filter_map(|(d, _)| d).collect()
}

/// Every `{{#word …}}` in `text` that is neither the workbook's nor mdBook's: a typo.
pub fn unknown_directives(text: &str) -> Vec<&str> {
    all_directives(text)
        .into_iter()
        .filter_map(|(_, unknown)| unknown)
        .collect()
}

type Found<'a> = (Option<Directive<'a>>, Option<&'a str>);

fn all_directives(text: &str) -> Vec<Found<'_>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(offset) = text[from..].find("{{#") {
        let start = from + offset;
        let Some(len) = text[start..].find("}}") else { break };
        let end = start + len + 2;
        let inner = text[start + 3..start + len].trim();
        let (word, args) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
        match Word::parse(word) {
            Some(word) => found.push((
                Some(Directive {
                    word,
                    args: args.trim(),
                    start,
                    end,
                }),
                None,
            )),
            None if Word::MDBOOK.contains(&word) => {}
            None => found.push((None, Some(word))),
        }
        from = end;
    }
    found
}

/// The sample binary for `name.rs` in the chapter folder `dir` (relative to `book/`).
pub fn sample_bin(dir: &Path, name: &str) -> String {
    let mut parts: Vec<String> = dir.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    parts.push(name.to_owned());
    parts.join("-")
}

/// Expands the directives of one chapter, whose source is `source` (relative to `book/`).
pub fn expand(root: &Path, source: &Path, content: &str) -> Result<String> {
    let dir = source.parent().unwrap_or(Path::new(""));
    let mut out = String::with_capacity(content.len());
    let mut last = 0;
    for d in directives(content) {
        out.push_str(&content[last..d.start]);
        let rendered = match d.word {
            Word::Kata => kata_box(root, &catalog::find(root, d.args)?)?,
            Word::Predictions => predictions(root)?,
            Word::Sample => sample(root, dir, d.args)?,
            Word::Output => output(root, dir, d.args)?,
            Word::Figure => {
                let (name, caption) = d.args.split_once('|').unwrap_or((d.args, ""));
                figure(root, dir, name.trim(), caption.trim())?
            }
            Word::KataPlan => kata_plan(root, d.args)?,
        };
        out.push_str(&rendered);
        last = d.end;
    }
    out.push_str(&content[last..]);
    Ok(out)
}

fn read(path: &Path) -> Result<String> {
    Ok(fs_err::read_to_string(path)?)
}

fn sample(root: &Path, dir: &Path, name: &str) -> Result<String> {
    let file = Path::new("book").join(dir).join(format!("{name}.rs"));
    let code = read(&root.join(&file))?;
    // The playground has tokio, but not this workspace's harness.
    let info = if code.contains("kata_harness") {
        "rust,noplayground"
    } else {
        "rust"
    };
    Ok(format!(
        "<p class=\"sample-caption\"><code>{}</code> · run it: <code>cargo run -p book-examples --bin {}</code></p>\n\n```{info}\n{}\n```\n",
        file.display(),
        sample_bin(dir, name),
        code.trim_end()
    ))
}

fn recorded(root: &Path, dir: &Path, name: &str) -> Result<String> {
    let file = root.join("book").join(dir).join(format!("{name}.out"));
    let text = read(&file).context("record it with `cargo run -p workbook -- bless`")?;
    Ok(text.trim_end().to_owned())
}

fn output(root: &Path, dir: &Path, name: &str) -> Result<String> {
    let source = read(&root.join("book").join(dir).join(format!("{name}.rs")))?;
    let how = if source.contains(crate::samples::MEASURED) {
        "measured in real time when the workspace recorded it (your numbers will differ)"
    } else {
        "recorded by the workspace"
    };
    Ok(format!(
        "<p class=\"sample-caption\">Output of <code>{}</code>, {how}:</p>\n\n```text\n{}\n```\n",
        sample_bin(dir, name),
        recorded(root, dir, name)?
    ))
}

/// A schedule's kata slot: `kata (35 min) — pokedex 10, polite 10, fail_fast 15 (doubles_triples,
/// all_results as homework)`. The minutes are the catalog's, so the schedules follow it.
pub fn kata_plan(root: &Path, args: &str) -> Result<String> {
    let (name, chosen) = args.split_once(':').unwrap_or((args, ""));
    let kata = catalog::find(root, name.trim())?;
    let chosen: Vec<&str> = chosen.split(',').map(str::trim).filter(|t| !t.is_empty()).collect();
    for title in &chosen {
        if !kata.problems.iter().any(|p| p.title == *title) {
            bail!("{{{{#kata-plan {args}}}}}: `{}` has no problem `{title}`", kata.name);
        }
    }
    let (mut slots, mut homework, mut total) = (Vec::new(), Vec::new(), 0);
    for problem in &kata.problems {
        if !chosen.is_empty() && !chosen.contains(&problem.title.as_str()) {
            homework.push(format!("*{}*", problem.title));
            continue;
        }
        let minutes = problem.minutes.with_context(|| {
            format!(
                "katas/info.toml: problem `{}` of `{}` has no `minutes = …` (the schedules need it)",
                problem.title, kata.name
            )
        })?;
        total += minutes;
        slots.push(format!("*{}* {minutes}", problem.title));
    }
    let mut text = format!("kata ({total} min) — {}", slots.join(", "));
    if !homework.is_empty() {
        text.push_str(&format!(" ({} as homework)", homework.join(", ")));
    }
    Ok(text)
}

fn figure(root: &Path, dir: &Path, name: &str, caption: &str) -> Result<String> {
    Ok(format!(
        "<figure class=\"timeline\">\n<pre><code class=\"language-text nohighlight\">{}</code></pre>\n<figcaption>{} <span class=\"figure-source\">(output of <code>{}</code>)</span></figcaption>\n</figure>\n",
        // A blank line would end the HTML block early; keep the line, lose the blankness.
        escape(&recorded(root, dir, name)?)
            .lines()
            .map(|l| if l.trim().is_empty() { "&#160;" } else { l })
            .collect::<Vec<_>>()
            .join("\n"),
        markdown_inline(caption),
        sample_bin(dir, name)
    ))
}

/// Every "predict first" question of the book with its folded answer, chapter by chapter, in
/// the order of `SUMMARY.md`: collected from the pages, so the list can't drift from them.
pub fn predictions(root: &Path) -> Result<String> {
    let summary = read(&root.join("book/SUMMARY.md"))?;
    let mut out = String::new();
    for line in summary.lines() {
        let Some(start) = line.find("](") else { continue };
        let Some(len) = line[start + 2..].find(')') else {
            continue;
        };
        let page = &line[start + 2..start + 2 + len];
        if page.starts_with("instructors/") {
            continue;
        }
        let text = read(&root.join("book").join(page))?;
        let title = text.lines().find_map(|l| l.strip_prefix("# ")).unwrap_or(page);
        let mut found = Vec::new();
        let mut rest = text.as_str();
        while let Some(at) = rest.find("<details>\n<summary>Answer</summary>") {
            let before = &rest[..at];
            let question = before.trim_end().rsplit("\n\n").next().unwrap_or("").trim();
            let after = &rest[at..];
            let end = after.find("</details>").map_or(after.len(), |e| e + "</details>".len());
            found.push(format!("{question}\n\n{}\n", &after[..end]));
            rest = &after[end..];
        }
        if !found.is_empty() {
            // mdBook writes a chapter's README.md as index.html.
            let html = match Path::new(page).file_name() {
                Some(name) if name == "README.md" => Path::new(page).with_file_name("index.html"),
                _ => Path::new(page).with_extension("html"),
            };
            out.push_str(&format!(
                "## [{title}](../{})\n\n{}\n",
                html.display(),
                found.join("\n")
            ));
        }
    }
    Ok(out)
}

/// The kata box: everything a learner needs to start, generated from the catalog and the spec.
pub fn kata_box(root: &Path, kata: &Kata) -> Result<String> {
    let package = kata.package();
    let mut html = format!(
        "<div class=\"kata-box\" id=\"kata-{name}\">\n<p class=\"kata-title\">{title}</p>\n<table class=\"kata-facts\">\n",
        name = kata.name,
        title = escape(&kata.title)
    );
    let files: Vec<String> = kata
        .edit
        .iter()
        .map(|f| format!("<code>{}/{}</code>", kata.dir(), escape(f)))
        .collect();
    let facts = [
        (
            "Crate",
            format!("<code>{package}</code> in <code>{}/</code>", kata.dir()),
        ),
        ("Edit", files.join(", ")),
        (
            "Watch",
            format!(
                "<code>cargo kata {}</code> — checks again every time you save, and moves on when it is solved",
                kata.name
            ),
        ),
        (
            "Check",
            format!(
                "<code>cargo test -p {package}</code> · one problem: <code>cargo test -p {package} problem1</code>"
            ),
        ),
        (
            "Hints",
            format!("<code>cargo hint {} 1</code>, one level at a time", kata.name),
        ),
        (
            "Start over",
            format!(
                "<code>cargo reset-kata {}</code> (keeps your version in <code>.kept/</code>)",
                kata.name
            ),
        ),
        (
            "Solution",
            format!(
                "<code>{}/</code> — spoilers; <code>cargo test -p {}</code> runs the same spec on it",
                kata.solution_dir(),
                kata.solution_package()
            ),
        ),
    ];
    for (label, value) in facts {
        html.push_str(&format!("<tr><th>{label}</th><td>{value}</td></tr>\n"));
    }
    html.push_str("</table>\n<ol class=\"kata-problems\">\n");
    for (i, problem) in kata.problems.iter().enumerate() {
        let number = i + 1;
        let tests = kata.problem_tests(root, number)?;
        if tests.is_empty() {
            bail!(
                "kata `{}`: problem {number} has no tests named {}…",
                kata.name,
                Kata::prefix(number)
            );
        }
        let tests: Vec<String> = tests.iter().map(|t| format!("<code>{t}</code>")).collect();
        html.push_str(&format!(
            "<li id=\"kata-{}-problem{number}\"><p><strong>{}</strong> — {}</p>\n<p class=\"kata-tests\">Tests: {}</p>\n",
            kata.name,
            escape(&problem.title),
            markdown_inline(&problem.goal),
            tests.join(", ")
        ));
        for (h, hint) in problem.hints.iter().enumerate() {
            let label = if h == 0 {
                "A hint".to_owned()
            } else {
                format!("A stronger hint ({})", h + 1)
            };
            html.push_str(&format!(
                "<details class=\"hint\"><summary>{label}</summary>\n{}</details>\n",
                markdown_block(hint)
            ));
        }
        html.push_str("</li>\n");
    }
    html.push_str("</ol>\n</div>\n");
    Ok(html)
}

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn markdown_block(text: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(text));
    html
}

/// Markdown for a single paragraph, without the `<p>` around it.
fn markdown_inline(text: &str) -> String {
    let html = markdown_block(text);
    let html = html.trim();
    html.strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
        .unwrap_or(html)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_only_the_workbooks_directives() {
        let text = "a {{#kata queue}} b {{#include x.rs}} c {{#figure t | A *caption*}}";
        let found = directives(text);
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].word, found[0].args), (Word::Kata, "queue"));
        assert_eq!((found[1].word, found[1].args), (Word::Figure, "t | A *caption*"));
        assert_eq!(&text[found[0].start..found[0].end], "{{#kata queue}}");
    }

    #[test]
    fn sample_binaries_are_named_after_their_path() {
        assert_eq!(sample_bin(Path::new("queue"), "backpressure"), "queue-backpressure");
        assert_eq!(sample_bin(Path::new(""), "hello"), "hello");
    }

    #[test]
    fn inline_markdown_has_no_paragraph() {
        assert_eq!(markdown_inline("make `run` return"), "make <code>run</code> return");
    }
}
