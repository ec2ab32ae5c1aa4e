//! The gate: the checks that keep the workbook honest.
//!
//! - The catalog (`katas/info.toml`) matches the workspace: a kata and a solution crate per
//!   entry, named by the convention, a chapter that shows its box, a spec whose tests are named
//!   after the problems, and a solution that runs that very spec.
//! - Every kata compiles and *fails* its spec as shipped — each problem has a failing test — and
//!   does so quickly, with no compile error and no hang.
//! - Every solution passes the spec, the same tests the kata runs.
//! - The book builds, every internal link resolves, and every sample prints what the page shows.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};

use crate::catalog::{self, Kata};
use crate::preprocess::{Word, directives, sample_bin, unknown_directives};
use crate::{process, samples};

/// How a spec run went, test by test.
#[derive(Debug, Default)]
pub struct SpecRun {
    /// Test name (without module path) → passed?
    pub tests: BTreeMap<String, bool>,
    pub compiled: bool,
    pub timed_out: bool,
    pub took: Duration,
    /// Compiler or runner output worth showing when something is off.
    pub diagnostics: String,
}

impl SpecRun {
    pub fn failed(&self) -> Vec<&str> {
        self.tests
            .iter()
            .filter(|(_, ok)| !**ok)
            .map(|(t, _)| t.as_str())
            .collect()
    }
}

/// Runs `cargo test -p <package>` and reads the verdict of every check: from the report the
/// kata runner writes ([`learn::spec::REPORT`]), or from libtest's lines where there is none.
pub fn run_spec(root: &Path, package: &str, limit: Duration) -> Result<SpecRun> {
    let ran = learn::spec::run(root, package, &["--color", "never"], limit)?;
    Ok(SpecRun {
        tests: ran
            .checks
            .iter()
            .map(|(name, check)| (name.clone(), check.passed))
            .collect(),
        compiled: ran.compiled,
        timed_out: ran.timed_out,
        took: ran.took,
        diagnostics: if ran.compiled {
            String::new()
        } else {
            ran.compiler_errors()
        },
    })
}

/// Builds every kata's tests at once (in parallel), so the runs that follow only run.
pub fn prebuild(root: &Path, packages: &[String]) -> Result<()> {
    let mut cargo = process::cargo(root);
    cargo.args(["test", "--no-run", "--quiet"]);
    for package in packages {
        cargo.args(["-p", package]);
    }
    // A kata that does not compile is reported by its own run below.
    let _ = process::run(cargo, Duration::from_secs(1800))?;
    Ok(())
}

/// Checks that the catalog, the crates, the specs and the chapters agree. Returns the problems.
pub fn check_catalog(root: &Path) -> Result<Vec<String>> {
    let katas = catalog::load(root)?;
    let mut problems = Vec::new();
    let names: BTreeSet<String> = katas.iter().map(|k| k.name.clone()).collect();
    for (folder, prefix) in [("katas", "kata-"), ("solutions", "solution-")] {
        let on_disk = subfolders(&root.join(folder))?;
        for missing in names.difference(&on_disk) {
            problems.push(format!("{folder}/{missing} is missing (katas/info.toml lists it)"));
        }
        for extra in on_disk.difference(&names) {
            problems.push(format!("{folder}/{extra} is not in katas/info.toml"));
        }
        for name in names.intersection(&on_disk) {
            let manifest = root.join(folder).join(name).join("Cargo.toml");
            let package = package_name(&manifest)?;
            if package != format!("{prefix}{name}") {
                problems.push(format!(
                    "{}: the package should be `{prefix}{name}`, not `{package}`",
                    manifest.display()
                ));
            }
        }
    }
    let summary = fs_err::read_to_string(root.join("book/SUMMARY.md")).context("reading book/SUMMARY.md")?;
    let mut boxes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let sample_bins: BTreeSet<String> = samples::list(root)?.into_iter().map(|s| s.bin).collect();
    for page in crate::files_under(&root.join("book"), "md")? {
        let relative = page.strip_prefix(root.join("book")).unwrap_or(&page).to_path_buf();
        let text = fs_err::read_to_string(&page)?;
        let dir = relative.parent().unwrap_or(Path::new(""));
        for word in unknown_directives(&text) {
            problems.push(format!(
                "book/{}: {{{{#{word} …}}}} is no directive: the workbook's are {}",
                relative.display(),
                Word::ALL.map(|w| format!("{{{{#{}}}}}", w.as_str())).join(", ")
            ));
        }
        for d in directives(&text) {
            match d.word {
                Word::Kata => boxes
                    .entry(d.args.to_owned())
                    .or_default()
                    .push(relative.display().to_string()),
                Word::Predictions => {
                    if !d.args.is_empty() {
                        problems.push(format!(
                            "book/{}: {{{{#predictions}}}} takes no arguments",
                            relative.display()
                        ));
                    }
                }
                Word::KataPlan => {
                    if let Err(err) = crate::preprocess::kata_plan(root, d.args) {
                        problems.push(format!("book/{}: {err:#}", relative.display()));
                    }
                }
                Word::Sample | Word::Output | Word::Figure => {
                    let word = d.word.as_str();
                    let name = d.args.split('|').next().unwrap_or("").trim();
                    let bin = sample_bin(dir, name);
                    if !sample_bins.contains(&bin) {
                        problems.push(format!(
                            "book/{}: {{{{#{word} {name}}}}} names no sample (no binary `{bin}` in book/Cargo.toml)",
                            relative.display()
                        ));
                    }
                }
            }
        }
        if text.lines().any(|l| l.trim_start().starts_with("```rust")) {
            problems.push(format!(
                "book/{}: Rust code written into the page; put it in a sample file and use {{{{#sample …}}}}",
                relative.display()
            ));
        }
    }
    for (name, pages) in &boxes {
        if !names.contains(name) {
            problems.push(format!("{}: {{{{#kata {name}}}}} names no kata", pages.join(", ")));
        }
    }
    for kata in &katas {
        problems.extend(check_kata(root, kata, &summary, boxes.get(&kata.name))?);
        for problem in kata.problems.iter().filter(|p| p.minutes.is_none()) {
            problems.push(format!(
                "kata `{}`: problem `{}` has no `minutes = …` in katas/info.toml: how long a \
                 workshop gives it (the schedules are made from these)",
                kata.name, problem.title
            ));
        }
    }
    problems.extend(check_schedules(root)?);
    let samples = samples::list(root)?;
    for stray in samples::strays(root, &samples)? {
        problems.push(format!(
            "{}: a Rust file in the book that is not a sample in book/Cargo.toml",
            stray.display()
        ));
    }
    Ok(problems)
}

fn check_kata(root: &Path, kata: &Kata, summary: &str, boxes: Option<&Vec<String>>) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let name = &kata.name;
    for file in &kata.edit {
        if !root.join(kata.dir()).join(file).is_file() {
            problems.push(format!(
                "kata `{name}`: the file to edit, {}/{file}, does not exist",
                kata.dir()
            ));
        }
    }
    if !root.join("book").join(kata.chapter()).is_file() {
        problems.push(format!(
            "kata `{name}`: its chapter book/{} does not exist",
            kata.chapter()
        ));
    } else if !summary.contains(&format!("({})", kata.chapter())) {
        problems.push(format!(
            "kata `{name}`: its chapter {} is not in book/SUMMARY.md",
            kata.chapter()
        ));
    }
    match boxes {
        Some(pages) if pages.contains(&kata.chapter()) => {}
        _ => problems.push(format!(
            "kata `{name}`: book/{} has no {{{{#kata {name}}}}} box",
            kata.chapter()
        )),
    }
    problems.extend(check_problem_list(root, kata));
    let tests = kata.spec_tests(root)?;
    let spec_file = root.join(kata.dir()).join("tests/spec/mod.rs");
    let strays = catalog::stray_tests(&fs_err::read_to_string(&spec_file).unwrap_or_default());
    if strays > 0 {
        problems.push(format!(
            "kata `{name}`: {} has {strays} `#[test]` function(s) the runner never runs: list each check in `kata_harness::spec! {{ … }}` instead",
            spec_file.display()
        ));
    }
    if tests.is_empty() {
        problems.push(format!(
            "kata `{name}`: its spec (katas/{name}/tests/spec/) has no tests"
        ));
    }
    for test in &tests {
        let belongs = (1..=kata.problems.len()).any(|n| test.starts_with(&Kata::prefix(n)));
        if !belongs {
            problems.push(format!(
                "kata `{name}`: test `{test}` belongs to no problem (name it problemN_…, N from 1 to {})",
                kata.problems.len()
            ));
        }
    }
    for number in 1..=kata.problems.len() {
        if !tests.iter().any(|t| t.starts_with(&Kata::prefix(number))) {
            problems.push(format!(
                "kata `{name}`: problem {number} has no tests (problem{number}_…)"
            ));
        }
    }
    // One spec, two crates: each crate's test target must be the thin wrapper around the spec.
    let target = name.replace('-', "_");
    let kata_wrapper = root.join(kata.dir()).join(format!("tests/{target}.rs"));
    let solution_wrapper = root.join(kata.solution_dir()).join(format!("tests/{target}.rs"));
    let spec_path = format!("katas/{name}/tests/spec/mod.rs");
    match fs_err::read_to_string(&kata_wrapper) {
        Ok(text) if text.contains("mod spec;") => {}
        _ => problems.push(format!(
            "kata `{name}`: {} should run the spec (`mod spec;`)",
            kata_wrapper.display()
        )),
    }
    match fs_err::read_to_string(&solution_wrapper) {
        Ok(text) if text.contains(&spec_path) => {}
        _ => problems.push(format!(
            "kata `{name}`: {} should run the kata's spec ({spec_path})",
            solution_wrapper.display()
        )),
    }
    let extra_tests = crate::files_under(&root.join(kata.solution_dir()).join("tests"), "rs")?;
    if extra_tests.len() != 1 {
        problems.push(format!(
            "kata `{name}`: the solution must run the kata's spec and nothing else"
        ));
    }
    Ok(problems)
}

/// The kata's crate doc (`src/lib.rs`) lists its problems as `N. **title** …`, for a learner
/// reading the code; the catalog is the source of those titles, and the list must follow it.
/// A learner's version of the file need not keep the list: the file as shipped (its recorded
/// blob) passing is enough, so `cargo test` stays green mid-kata.
fn check_problem_list(root: &Path, kata: &Kata) -> Vec<String> {
    let lib = root.join(kata.dir()).join("src/lib.rs");
    let titles: Vec<&str> = kata.problems.iter().map(|p| p.title.as_str()).collect();
    let follows = |text: &str| {
        problem_list(text)
            .iter()
            .map(|t| t.to_lowercase())
            .eq(titles.iter().map(|t| t.to_lowercase()))
    };
    let working = fs_err::read_to_string(&lib).ok();
    if working.as_deref().is_some_and(follows) {
        return Vec::new();
    }
    let shipped = learn::shipped::read(root)
        .ok()
        .and_then(|record| record.get(&kata.name)?.get("src/lib.rs").cloned())
        .and_then(|blob| learn::shipped::fetch(root, &blob).ok())
        .and_then(|bytes| String::from_utf8(bytes).ok());
    if shipped.as_deref().is_some_and(follows) {
        return Vec::new();
    }
    let listed = problem_list(working.as_deref().unwrap_or(""));
    vec![format!(
        "kata `{}`: the problems {} lists ({}) are not katas/info.toml's ({}); write one line \
         `//! N. **title** — the task` per problem, in order",
        kata.name,
        lib.display(),
        if listed.is_empty() {
            "none".to_owned()
        } else {
            listed.join(", ")
        },
        titles.join(", ")
    )]
}

/// The titles of a crate doc's numbered list: `//! 2. **Scale** — …` gives `Scale`.
fn problem_list(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| line.strip_prefix("//!"))
        .filter_map(|line| {
            let (number, rest) = line.trim_start().split_once(". **")?;
            number.parse::<usize>().ok()?;
            Some(rest.split_once("**")?.0.to_owned())
        })
        .collect()
}

/// The instructor schedules add up: in each table, a row starts when the one before it ends,
/// and a row with a chapter and a kata slot (`chapter (20), kata (45 min) — …`, the slot made by
/// `{{#kata-plan}}` from the catalog's minutes) lasts as long as both.
pub fn check_schedules(root: &Path) -> Result<Vec<String>> {
    let page = Path::new("instructors/schedules.md");
    let text = fs_err::read_to_string(root.join("book").join(page))?;
    let Ok(text) = crate::preprocess::expand(root, page, &text) else {
        // The directive's own error is reported by the catalog check.
        return Ok(Vec::new());
    };
    Ok(schedule_problems(&text))
}

fn schedule_problems(text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut previous: Option<(u32, u32, String)> = None;
    for line in text.lines() {
        let cells: Vec<&str> = line.trim().trim_matches('|').split('|').map(str::trim).collect();
        let (Some(start), [_, what, minutes]) = (cells.first().and_then(|t| clock(t)), cells.as_slice()) else {
            previous = None; // not a schedule row: a new table starts after it
            continue;
        };
        let Ok(minutes) = minutes.parse::<u32>() else {
            problems.push(format!(
                "book/instructors/schedules.md: `{line}`: the minutes are not a number"
            ));
            continue;
        };
        if let Some((at, took, row)) = &previous
            && at + took != start
        {
            problems.push(format!(
                "book/instructors/schedules.md: `{row}` starts at {} and lasts {took} min, but the next row starts at {}",
                show(*at),
                show(start)
            ));
        }
        let parts = [number_after(what, "chapter ("), number_after(what, "kata (")];
        if parts.iter().any(Option::is_some) {
            let sum: u32 = parts.iter().flatten().sum();
            if sum != minutes {
                problems.push(format!(
                    "book/instructors/schedules.md: the row at {} says {minutes} min, but its chapter and kata add up to {sum}",
                    show(start)
                ));
            }
        }
        previous = Some((start, minutes, what.chars().take(40).collect()));
    }
    problems
}

/// `9:20` → 560 (minutes since midnight).
fn clock(text: &str) -> Option<u32> {
    let (h, m) = text.split_once(':')?;
    Some(h.parse::<u32>().ok()? * 60 + m.parse::<u32>().ok()?)
}

fn show(minutes: u32) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

fn number_after(text: &str, prefix: &str) -> Option<u32> {
    let rest = &text[text.find(prefix)? + prefix.len()..];
    rest.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

/// The verdict on one kata as shipped: it compiles, it fails each problem, quickly. `spec`
/// names the checks of the spec as shipped.
pub fn judge_shipped_kata(kata: &Kata, spec: &[String], run: &SpecRun) -> Vec<String> {
    let package = kata.package();
    let mut problems = Vec::new();
    if run.timed_out {
        problems.push(format!(
            "{package}: a check took longer than {} s to its verdict",
            crate::variants::VERDICT_LIMIT.as_secs()
        ));
    }
    if !run.compiled {
        problems.push(format!("{package}: does not compile as shipped:\n{}", run.diagnostics));
        return problems;
    }
    let expected: BTreeSet<String> = spec.iter().cloned().collect();
    let ran: BTreeSet<String> = run.tests.keys().cloned().collect();
    if expected != ran {
        problems.push(format!(
            "{package}: the shipped spec's checks ({}) are not the checks that ran ({})",
            expected.iter().cloned().collect::<Vec<_>>().join(", "),
            ran.iter().cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    for number in 1..=kata.problems.len() {
        let prefix = Kata::prefix(number);
        let failing = run
            .tests
            .iter()
            .filter(|(t, ok)| t.starts_with(&prefix) && !**ok)
            .count();
        if failing == 0 {
            problems.push(format!(
                "{package}: problem {number} passes as shipped — nothing left for the learner"
            ));
        }
    }
    problems
}

/// The verdict on one solution: every test of the spec passes.
pub fn judge_solution(root: &Path, kata: &Kata, run: &SpecRun) -> Result<Vec<String>> {
    let package = kata.solution_package();
    let mut problems = Vec::new();
    if run.timed_out || !run.compiled {
        problems.push(format!(
            "{package}: did not compile or did not finish\n{}",
            run.diagnostics
        ));
        return Ok(problems);
    }
    let expected: BTreeSet<String> = kata.spec_tests(root)?.into_iter().collect();
    let passed: BTreeSet<String> = run
        .tests
        .iter()
        .filter(|(_, ok)| **ok)
        .map(|(t, _)| t.clone())
        .collect();
    for missing in expected.difference(&passed) {
        problems.push(format!("{package}: `{missing}` does not pass"));
    }
    Ok(problems)
}

/// Every kata fails as shipped. Returns one line per kata, and the problems.
///
/// Each kata is judged exactly as `katas/shipped.toml` records it, rebuilt from those blobs in a
/// scratch copy: a learner's work in progress in `katas/` can't turn the gate red.
pub fn check_shipped_katas(root: &Path) -> Result<(Vec<String>, Vec<String>)> {
    let katas = catalog::load(root)?;
    let record = crate::record::read_shipped(root)?;
    let (mut lines, mut problems) = (Vec::new(), Vec::new());
    for kata in &katas {
        let Some(files) = record.get(&kata.name) else {
            problems.push(format!("{}: katas/shipped.toml has no record of it", kata.package()));
            continue;
        };
        let judged = crate::variants::judge_shipped(root, kata, files)?;
        let shipped_spec = files
            .get("tests/spec/mod.rs")
            .map(|blob| learn::shipped::fetch(root, blob))
            .transpose()?
            .map(|bytes| catalog::test_functions(&String::from_utf8_lossy(&bytes)))
            .unwrap_or_default();
        let run = SpecRun {
            tests: judged.checks.iter().map(|(name, c)| (name.clone(), c.passed)).collect(),
            compiled: judged.compiled,
            timed_out: judged
                .checks
                .values()
                .any(|c| c.took.is_some_and(|t| t > crate::variants::VERDICT_LIMIT)),
            took: judged.took,
            diagnostics: judged.diagnostics.clone(),
        };
        let found = judge_shipped_kata(kata, &shipped_spec, &run);
        lines.push(format!(
            "{} {}: {} of {} checks fail as shipped ({:.1} s)",
            if found.is_empty() { "✓" } else { "✗" },
            kata.package(),
            run.failed().len(),
            run.tests.len(),
            run.took.as_secs_f64()
        ));
        problems.extend(found);
    }
    Ok((lines, problems))
}

/// Every solution passes its spec.
pub fn check_solutions(root: &Path) -> Result<(Vec<String>, Vec<String>)> {
    let katas = catalog::load(root)?;
    prebuild(root, &katas.iter().map(Kata::solution_package).collect::<Vec<_>>())?;
    let (mut lines, mut problems) = (Vec::new(), Vec::new());
    for kata in &katas {
        let run = run_spec(root, &kata.solution_package(), Duration::from_secs(600))?;
        let found = judge_solution(root, kata, &run)?;
        lines.push(format!(
            "{} {}: {} of {} tests pass ({:.1} s)",
            if found.is_empty() { "✓" } else { "✗" },
            kata.solution_package(),
            run.tests.values().filter(|ok| **ok).count(),
            run.tests.len(),
            run.took.as_secs_f64()
        ));
        problems.extend(found);
    }
    Ok((lines, problems))
}

/// The book builds and its internal links resolve.
pub fn check_book(root: &Path) -> Result<Vec<String>> {
    let site = crate::book::build(root)?;
    let mut problems: Vec<String> = crate::links::check(&site)?
        .into_iter()
        .map(|b| format!("broken link in the book: {b}"))
        .collect();
    // A directive left in a page means the preprocessor did not run.
    for page in crate::files_under(&site, "html")? {
        let text = fs_err::read_to_string(&page)?;
        if text.contains("{{#kata") || text.contains("{{#sample") || text.contains("{{#output") {
            problems.push(format!("{}: a workbook directive was not expanded", page.display()));
        }
    }
    Ok(problems)
}

fn subfolders(dir: &Path) -> Result<BTreeSet<String>> {
    let mut names = BTreeSet::new();
    for entry in fs_err::read_dir(dir)? {
        let entry = entry?;
        if entry.path().is_dir() {
            names.insert(entry.file_name().to_string_lossy().into_owned());
        }
    }
    Ok(names)
}

fn package_name(manifest: &Path) -> Result<String> {
    let text = fs_err::read_to_string(manifest)?;
    let value: toml::Table = toml::from_str(&text)?;
    Ok(value
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str())
        .unwrap_or_default()
        .to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_problem_list_of_a_kata_crate_doc() {
        let doc = "//! # Kata\n//!\n//! 1. **Communication** — make it end.\n//!    more\n//! 2. **A consumer fails** (`src/x.rs`) — …\n//! 10. not a title\n";
        assert_eq!(problem_list(doc), ["Communication", "A consumer fails"]);
    }

    #[test]
    fn schedules_must_add_up() {
        let good = "| time | what | minutes |\n| 9:00 | Welcome | 20 |\n| 9:20 | Queues: chapter (20), kata (45 min) — … | 65 |\n| 10:25 | Break | 10 |\n";
        assert!(schedule_problems(good).is_empty(), "{:?}", schedule_problems(good));
        let gap = good.replace("10:25", "10:30");
        assert_eq!(schedule_problems(&gap).len(), 1);
        let sum = good.replace("| 65 |", "| 60 |").replace("10:25", "10:20");
        assert_eq!(schedule_problems(&sum).len(), 1, "{:?}", schedule_problems(&sum));
    }

    #[test]
    fn a_misspelt_directive_is_found_and_mdbooks_are_left_alone() {
        let page = "{{#smaple x}} {{#include a.rs}} {{#sample y}} {{#title T}}";
        assert_eq!(unknown_directives(page), ["smaple"]);
        assert_eq!(directives(page).len(), 1);
    }
}
