//! The variants suite: the spec's own test.
//!
//! A spec is only as good as the programs it has been tried on. Every wrong or right learner
//! program someone tried against a kata's spec is kept as a *variant* in
//! `solutions/<kata>/variants/<name>/` (beside the reference solution, because the right ones are
//! spoilers too), with the verdict the spec must give it:
//!
//! ```toml
//! # solutions/queue/variants/kept-sender/variant.toml
//! about = "run keeps the original sender while the producer works with a clone: a deadlock"
//! base = "solution"        # the src/ the variant's files are laid over: "solution" or "kata"
//! verdict = "reject"       # or "accept": every problem passes
//! fail = [1]               # reject: these problems must fail, every other problem must pass
//! cause = "never finished" # optional: words some failing check's title must contain
//! ```
//!
//! Beside `variant.toml`, the variant's `.rs` files replace those of the base's `src/` with the
//! same path; a `Cargo.toml` replaces the manifest (to add a crate such as async-channel).
//!
//! `cargo run -p workbook -- variants [KATA [VARIANT]]` lays each variant over a scratch copy
//! of the kata in `target/variants/<kata>/` (a small workspace of its own, sharing one build
//! folder), runs the kata's current spec against it, and checks that the verdict is the expected
//! one, that the failures land on the named problems, that each check's verdict arrives
//! within [`VERDICT_LIMIT`], and that the run leaves nothing in its temporary folder. `.ci/run` runs it; `cargo test` does not (it builds ~100 programs).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::catalog::{self, Kata};
use crate::process;

/// The longest a single check may take to give its verdict, whatever the program does.
pub const VERDICT_LIMIT: Duration = Duration::from_secs(10);

/// How many variants a kata needs, at the least: wrong programs and right ones.
pub const MIN_VARIANTS: usize = 15;
pub const MIN_REJECTED: usize = 8;
pub const MIN_ACCEPTED: usize = 5;

/// One variant's `variant.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// One line on what the program is.
    pub about: String,
    /// The tree whose `src/` the variant's files are laid over.
    #[serde(default)]
    pub base: Base,
    pub verdict: Verdict,
    /// With `reject`: the problems (numbers from 1) that must fail; all others must pass.
    #[serde(default)]
    pub fail: Vec<usize>,
    /// With `reject`: words the title of some failing check must contain (the likely cause).
    #[serde(default)]
    pub cause: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Base {
    #[default]
    Solution,
    Kata,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Accept,
    Reject,
}

/// A variant found on disk.
#[derive(Clone, Debug)]
pub struct Variant {
    pub name: String,
    pub dir: PathBuf,
    pub expect: Expectation,
}

/// Every variant of a kata, by name.
pub fn list(root: &Path, kata: &Kata) -> Result<Vec<Variant>> {
    let dir = root.join(kata.solution_dir()).join("variants");
    let mut variants = Vec::new();
    let Ok(entries) = fs_err::read_dir(&dir) else {
        return Ok(variants);
    };
    for entry in entries {
        let path = entry?.path();
        if !path.is_dir() {
            continue;
        }
        let file = path.join("variant.toml");
        let text = fs_err::read_to_string(&file)?;
        let expect: Expectation = toml::from_str(&text).with_context(|| format!("parsing {}", file.display()))?;
        if expect.verdict == Verdict::Reject && expect.fail.is_empty() {
            bail!(
                "{}: a rejected variant names the problems that must fail (`fail = [N]`)",
                file.display()
            );
        }
        if expect.verdict == Verdict::Accept && (!expect.fail.is_empty() || expect.cause.is_some()) {
            bail!("{}: an accepted variant has no `fail` or `cause`", file.display());
        }
        if let Some(n) = expect.fail.iter().find(|n| **n == 0 || **n > kata.problems.len()) {
            bail!("{}: kata `{}` has no problem {n}", file.display(), kata.name);
        }
        variants.push(Variant {
            name: path.file_name().unwrap_or_default().to_string_lossy().into_owned(),
            dir: path,
            expect,
        });
    }
    variants.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(variants)
}

pub use learn::spec::{Check, REPORT, read_report};

/// What the spec said about one variant.
#[derive(Debug)]
pub struct Judged {
    pub checks: BTreeMap<String, Check>,
    pub compiled: bool,
    pub diagnostics: String,
    /// Real time of the whole spec run (the build excluded).
    pub took: Duration,
    /// What the run left in its temporary folder: nothing a spec creates may outlive it.
    pub leftovers: Vec<String>,
}

/// Runs every variant of every kata (or of one kata, or one variant), prints the report, and
/// returns whether every verdict was the expected one.
pub fn run(root: &Path, only_kata: Option<&str>, only_variant: Option<&str>) -> Result<bool> {
    let katas = match only_kata {
        Some(name) => vec![catalog::find(root, name.trim_start_matches("kata-"))?],
        None => catalog::load(root)?,
    };
    let mut all_ok = true;
    let mut summary = Vec::new();
    for kata in &katas {
        let variants = list(root, kata)?;
        let selected: Vec<&Variant> = variants
            .iter()
            .filter(|v| only_variant.is_none_or(|name| v.name == name))
            .collect();
        if selected.is_empty() && only_variant.is_some() {
            bail!(
                "kata `{}` has no variant `{}`",
                kata.name,
                only_variant.unwrap_or_default()
            );
        }
        println!("\n{} — {} variants", kata.package(), variants.len());
        let scratch = Scratch::new(root, kata, &kata.name)?;
        let (mut accepted, mut rejected, mut wrong) = (0, 0, 0);
        for variant in selected {
            let judged = scratch.judge(variant)?;
            let problems = verdict_problems(kata, variant, &judged);
            let said = said(kata, &judged);
            let mark = if problems.is_empty() { "✓" } else { "✗" };
            println!(
                "  {mark} {:<6} {:<28} {said}  ({:.1} s)",
                match variant.expect.verdict {
                    Verdict::Accept => "accept",
                    Verdict::Reject => "reject",
                },
                variant.name,
                judged.took.as_secs_f64()
            );
            println!("           {}", variant.expect.about);
            for problem in &problems {
                println!("      ✗ {}", problem.replace('\n', "\n        "));
            }
            if problems.is_empty() {
                match variant.expect.verdict {
                    Verdict::Accept => accepted += 1,
                    Verdict::Reject => rejected += 1,
                }
            } else {
                wrong += 1;
            }
        }
        let mut line = format!(
            "{}: {} variants, {accepted} accepted and {rejected} rejected as expected, {wrong} judged wrongly",
            kata.package(),
            variants.len()
        );
        if only_variant.is_none() {
            let want_accept = variants.iter().filter(|v| v.expect.verdict == Verdict::Accept).count();
            let want_reject = variants.len() - want_accept;
            if variants.len() < MIN_VARIANTS || want_accept < MIN_ACCEPTED || want_reject < MIN_REJECTED {
                line.push_str(&format!(
                    "; too few (it has {want_reject} wrong and {want_accept} right programs; it needs at \
                     least {MIN_VARIANTS}, with {MIN_REJECTED} wrong and {MIN_ACCEPTED} right)"
                ));
                all_ok = false;
            }
        }
        all_ok &= wrong == 0;
        summary.push(line);
    }
    println!("\nThe variants suite:");
    for line in &summary {
        println!("  {line}");
    }
    Ok(all_ok)
}

/// Runs a kata's spec against the kata exactly as shipped (from the recorded blobs), in a
/// scratch copy: what the learner's working copy holds does not matter.
pub fn judge_shipped(root: &Path, kata: &Kata, record: &BTreeMap<String, String>) -> Result<Judged> {
    Scratch::new(root, kata, &format!("{}-as-shipped", kata.name))?.judge_shipped(record)
}

/// How the spec's verdict on a variant differs from the expected one.
pub fn verdict_problems(kata: &Kata, variant: &Variant, judged: &Judged) -> Vec<String> {
    let mut problems = Vec::new();
    if !judged.compiled {
        problems.push(format!("does not compile:\n{}", judged.diagnostics));
        return problems;
    }
    if judged.checks.is_empty() {
        problems.push(format!("the spec ran no check:\n{}", judged.diagnostics));
        return problems;
    }
    let must_fail: BTreeSet<usize> = variant.expect.fail.iter().copied().collect();
    for number in 1..=kata.problems.len() {
        let prefix = Kata::prefix(number);
        let checks: Vec<(&String, &Check)> = judged.checks.iter().filter(|(t, _)| t.starts_with(&prefix)).collect();
        let failed: Vec<&String> = checks.iter().filter(|(_, c)| !c.passed).map(|(t, _)| *t).collect();
        match (must_fail.contains(&number), failed.is_empty()) {
            (true, true) => problems.push(format!("problem {number} should fail, but every check of it passed")),
            (false, false) => problems.push(format!(
                "problem {number} should pass, but {} failed: {}",
                failed.len(),
                failed
                    .iter()
                    .map(|t| format!("{t} ({})", judged.checks[*t].title.as_deref().unwrap_or("?")))
                    .collect::<Vec<_>>()
                    .join("; ")
            )),
            _ => {}
        }
    }
    if let Some(cause) = &variant.expect.cause {
        let titles: Vec<&str> = judged.checks.values().filter_map(|c| c.title.as_deref()).collect();
        if !titles.iter().any(|t| t.to_lowercase().contains(&cause.to_lowercase())) {
            problems.push(format!(
                "a failure should speak of \"{cause}\"; they said: {}",
                titles.join(" | ")
            ));
        }
    }
    if !judged.leftovers.is_empty() {
        problems.push(format!(
            "the spec run left {} entries in its temporary folder: {}",
            judged.leftovers.len(),
            judged.leftovers.join(", ")
        ));
    }
    for (test, check) in &judged.checks {
        if let Some(took) = check.took.filter(|t| *t > VERDICT_LIMIT) {
            problems.push(format!(
                "{test} took {:.1} s to its verdict (at most {} s)",
                took.as_secs_f64(),
                VERDICT_LIMIT.as_secs()
            ));
        }
    }
    if judged.checks.values().all(|c| c.took.is_none()) && judged.took > VERDICT_LIMIT + Duration::from_secs(2) {
        problems.push(format!(
            "the spec took {:.1} s with every check running at once (each must give its verdict within {} s)",
            judged.took.as_secs_f64(),
            VERDICT_LIMIT.as_secs()
        ));
    }
    problems
}

/// The spec's verdict in a few words: which problems failed, and the first failure's title.
fn said(kata: &Kata, judged: &Judged) -> String {
    if !judged.compiled {
        return "does not compile".to_owned();
    }
    let failed: Vec<String> = (1..=kata.problems.len())
        .filter(|n| {
            let prefix = Kata::prefix(*n);
            judged.checks.iter().any(|(t, c)| t.starts_with(&prefix) && !c.passed)
        })
        .map(|n| n.to_string())
        .collect();
    if failed.is_empty() {
        return "accepted".to_owned();
    }
    let title = judged
        .checks
        .values()
        .find(|c| !c.passed)
        .and_then(|c| c.title.clone())
        .unwrap_or_default();
    format!("rejected: problem {} — {title}", failed.join(", "))
}

/// A scratch workspace holding one copy of a kata, over which variants are laid in turn.
struct Scratch {
    root: PathBuf,
    kata: Kata,
    /// `target/variants/<kata>`: a workspace whose one member is `kata/`.
    dir: PathBuf,
    /// Shared by every kata's scratch workspace, so dependencies are built once.
    target: PathBuf,
}

impl Scratch {
    /// `folder` names the scratch workspace, so that the gate's copy of a kata as shipped and
    /// the variants suite's copy never share one.
    fn new(root: &Path, kata: &Kata, folder: &str) -> Result<Self> {
        let base = process::target_dir(root).join("variants");
        let dir = base.join(folder);
        fs_err::create_dir_all(&dir)?;
        fs_err::write(dir.join("Cargo.toml"), workspace_manifest(root)?)?;
        Ok(Self {
            root: root.to_path_buf(),
            kata: kata.clone(),
            dir,
            target: base.join("build"),
        })
    }

    /// Lays `variant` over its base in the scratch copy, runs the spec, and reads the verdict.
    fn judge(&self, variant: &Variant) -> Result<Judged> {
        let copy = self.clear()?;
        let base = match variant.expect.base {
            Base::Solution => self.root.join(self.kata.solution_dir()),
            Base::Kata => self.root.join(self.kata.dir()),
        };
        copy_tree(&base.join("src"), &copy.join("src"))?;
        copy_tree(&self.root.join(self.kata.dir()).join("tests"), &copy.join("tests"))?;
        let manifest = if variant.dir.join("Cargo.toml").is_file() {
            variant.dir.join("Cargo.toml")
        } else {
            base.join("Cargo.toml")
        };
        let manifest = fs_err::read_to_string(&manifest)?;
        fs_err::write(copy.join("Cargo.toml"), kata_manifest(&manifest, &self.kata.package())?)?;
        for file in walk(&variant.dir)? {
            let relative = file.strip_prefix(&variant.dir)?;
            if relative.extension().is_some_and(|e| e == "rs") {
                let to = copy.join("src").join(relative);
                if let Some(parent) = to.parent() {
                    fs_err::create_dir_all(parent)?;
                }
                fs_err::copy(&file, &to)?;
            }
        }
        self.run()
    }

    /// Lays the kata down exactly as shipped — every file from the blob `katas/shipped.toml`
    /// records, whatever the working copy holds now — and runs its spec.
    fn judge_shipped(&self, record: &BTreeMap<String, String>) -> Result<Judged> {
        let copy = self.clear()?;
        for (file, blob) in record {
            let bytes = learn::shipped::fetch(&self.root, blob).with_context(|| {
                format!(
                    "the shipped {}/{file} is not in this repository's history",
                    self.kata.dir()
                )
            })?;
            let to = copy.join(file);
            if let Some(parent) = to.parent() {
                fs_err::create_dir_all(parent)?;
            }
            fs_err::write(&to, bytes)?;
        }
        self.run()
    }

    /// An empty `kata/` folder in the scratch workspace.
    fn clear(&self) -> Result<PathBuf> {
        let copy = self.dir.join("kata");
        if copy.exists() {
            fs_err::remove_dir_all(&copy).with_context(|| format!("clearing {}", copy.display()))?;
        }
        fs_err::create_dir_all(&copy)?;
        Ok(copy)
    }

    /// Builds the scratch copy and runs its spec.
    fn run(&self) -> Result<Judged> {
        // Copy the workspace's lock so the scratch build uses the very versions the kata does.
        fs_err::copy(self.root.join("Cargo.lock"), self.dir.join("Cargo.lock"))?;

        let mut build = self.cargo();
        build.args(["test", "--no-run", "--color", "never"]);
        let built = process::run(build, Duration::from_secs(900))?;
        if !built.success {
            return Ok(Judged {
                checks: BTreeMap::new(),
                compiled: false,
                diagnostics: compiler_errors(&built.stderr),
                took: built.took,
                leftovers: Vec::new(),
            });
        }
        let report = self.dir.join("report.tsv");
        let _ = fs_err::remove_file(&report);
        // A temporary folder of the run's own, so that anything left in it is this run's.
        let temp = self.dir.join("tmp");
        let _ = fs_err::remove_dir_all(&temp);
        fs_err::create_dir_all(&temp)?;
        let mut test = self.cargo();
        test.env("TMPDIR", &temp);
        // The runner's own concurrency (one check per core), as a learner's machine runs them:
        // more at once would let the load, not the program, decide the real-clock checks.
        test.args(["test", "--color", "never"]).env(REPORT, &report);
        // Far past any single check's limit: a run this long is itself a finding.
        let ran = process::run(test, Duration::from_secs(120))?;
        let mut checks = read_report(&report).unwrap_or_default();
        if ran.timed_out {
            checks.entry("(the whole spec)".to_owned()).or_insert(Check {
                passed: false,
                title: Some("the spec run did not end within 120 s".to_owned()),
                took: Some(ran.took),
            });
        }
        let mut leftovers: Vec<String> = fs_err::read_dir(&temp)?
            .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect();
        leftovers.sort();
        Ok(Judged {
            checks,
            compiled: true,
            diagnostics: format!("{}\n{}", tail(&ran.stdout, 30), tail(&ran.stderr, 30)),
            took: ran.took,
            leftovers,
        })
    }

    fn cargo(&self) -> std::process::Command {
        let mut cargo = process::cargo(&self.dir);
        cargo.env("CARGO_TARGET_DIR", &self.target);
        cargo
    }
}

fn compiler_errors(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.trim_start().starts_with("Compiling") && !l.trim_start().starts_with("Locking"))
        .collect();
    lines.iter().take(40).copied().collect::<Vec<_>>().join("\n")
}

fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// The root manifest's workspace settings, for a workspace whose one member is `kata/`: the
/// same dependency versions, lints and profiles, with path dependencies pointing back here.
fn workspace_manifest(root: &Path) -> Result<String> {
    let path = root.join("Cargo.toml");
    let text = fs_err::read_to_string(&path)?;
    let mut manifest: toml::Table = toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    let workspace = manifest
        .get_mut("workspace")
        .and_then(toml::Value::as_table_mut)
        .context("the root Cargo.toml has no [workspace]")?;
    workspace.insert("members".into(), toml::Value::Array(vec!["kata".into()]));
    workspace.remove("default-members");
    if let Some(deps) = workspace.get_mut("dependencies").and_then(toml::Value::as_table_mut) {
        for (_, dep) in deps.iter_mut() {
            if let Some(path) = dep.get_mut("path") {
                let absolute = root.join(path.as_str().unwrap_or_default());
                *path = absolute.to_string_lossy().into_owned().into();
            }
        }
    }
    Ok(format!(
        "# Written by `workbook variants` from the workspace's Cargo.toml: a scratch copy of one kata.\n{}",
        toml::to_string(&manifest)?
    ))
}

/// A crate manifest under the kata's package name (a solution's manifest names the solution).
fn kata_manifest(text: &str, package: &str) -> Result<String> {
    let mut manifest: toml::Table = toml::from_str(text).context("parsing a kata's Cargo.toml")?;
    let section = manifest
        .get_mut("package")
        .and_then(toml::Value::as_table_mut)
        .context("a kata's Cargo.toml has no [package]")?;
    section.insert("name".into(), package.into());
    Ok(toml::to_string(&manifest)?)
}

/// The regular files under `dir`, sorted; links are neither followed nor copied.
fn walk(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    for file in walk(from)? {
        let target = to.join(file.strip_prefix(from)?);
        if let Some(parent) = target.parent() {
            fs_err::create_dir_all(parent)?;
        }
        fs_err::copy(&file, &target)?;
    }
    Ok(())
}
