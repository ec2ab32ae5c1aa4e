//! `progress`, `hint` and `reset`: where am I, give me a nudge, let me start over.

use std::io::{BufRead, Write};
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};

use crate::catalog::{self, Kata};
use crate::shipped::{self, Shipped};
use crate::spec::{self, SpecRun};

/// How long one kata's spec may take in `progress` (a build included).
const SPEC_LIMIT: Duration = Duration::from_secs(300);

/// Where a kata stands.
pub enum Standing {
    NotStarted,
    DoesNotCompile(String),
    Hangs,
    Ran(SpecRun),
}

impl Standing {
    /// The first problem (from 1) that does not pass yet, if the spec ran.
    pub fn first_failing(&self, kata: &Kata) -> Option<usize> {
        match self {
            Standing::Ran(run) => (1..=kata.problems.len()).find(|n| {
                let (checks, passed) = run.problem(*n);
                checks == 0 || passed < checks
            }),
            _ => None,
        }
    }
}

/// Runs a started kata's spec; an untouched one is "not started" without building anything.
pub fn standing(root: &Path, kata: &Kata, record: &Shipped) -> Result<Standing> {
    if shipped::untouched(root, kata, record) {
        return Ok(Standing::NotStarted);
    }
    eprintln!("  checking {} (cargo test -p {}) …", kata.dir(), kata.package());
    let run = spec::run(root, &kata.package(), &["--color", "never"], SPEC_LIMIT)?;
    Ok(if run.timed_out {
        Standing::Hangs
    } else if !run.compiled {
        Standing::DoesNotCompile(run.compiler_errors())
    } else {
        Standing::Ran(run)
    })
}

/// One row per kata, a mark per problem, and what to do next.
pub fn progress(root: &Path) -> Result<()> {
    let katas = catalog::load(root)?;
    let record = shipped::read(root)?;
    let mut rows = Vec::new();
    let mut next: Option<String> = None;
    for kata in &katas {
        let standing = standing(root, kata, &record)?;
        let marks: String = (1..=kata.problems.len())
            .map(|n| match &standing {
                Standing::NotStarted => "·",
                Standing::DoesNotCompile(_) | Standing::Hangs => "!",
                Standing::Ran(run) => {
                    let (checks, passed) = run.problem(n);
                    if checks > 0 && passed == checks { "✓" } else { "✗" }
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        let note = match &standing {
            Standing::NotStarted => "not started".to_owned(),
            Standing::DoesNotCompile(errors) => {
                let first = errors
                    .lines()
                    .find(|l| l.starts_with("error"))
                    .unwrap_or("see cargo test");
                format!("does not compile: {first}")
            }
            Standing::Hangs => format!("did not finish within {} s", SPEC_LIMIT.as_secs()),
            Standing::Ran(run) => match standing.first_failing(kata) {
                None => "solved".to_owned(),
                Some(n) => {
                    let title = run
                        .checks
                        .iter()
                        .find(|(name, c)| name.starts_with(&Kata::prefix(n)) && !c.passed)
                        .and_then(|(_, c)| c.title.clone())
                        .unwrap_or_default();
                    format!("problem {n} ({}): {title}", kata.problems[n - 1].title)
                }
            },
        };
        if next.is_none() {
            next = match (&standing, standing.first_failing(kata)) {
                (Standing::Ran(_), Some(n)) => Some(format!(
                    "{} problem {n}: cargo test -p {} problem{n}   ·   stuck? cargo hint {} {n}",
                    kata.package(),
                    kata.package(),
                    kata.name
                )),
                (Standing::DoesNotCompile(_) | Standing::Hangs, _) => Some(format!(
                    "{}: cargo test -p {} shows what is wrong",
                    kata.dir(),
                    kata.package()
                )),
                _ => None,
            };
        }
        rows.push((kata, marks, note));
    }
    println!("\n{:<14} {:<12} status", "kata", "problems");
    for (kata, marks, note) in &rows {
        println!("{:<14} {marks:<12} {note}", kata.name);
    }
    let first_new = rows
        .iter()
        .find(|(_, _, note)| note == "not started")
        .map(|(k, _, _)| *k);
    match (next, first_new) {
        (Some(next), _) => println!("\nNext: {next}"),
        (None, Some(kata)) => println!(
            "\nNext: {} — read its chapter (book/{}), then: cargo kata {}",
            kata.package(),
            kata.chapter(),
            kata.name
        ),
        (None, None) => println!("\nEvery problem of every kata passes. Well done!"),
    }
    println!("(✓ passes · ✗ fails · · not started · ! does not compile or finish)");
    Ok(())
}

/// The kata and problem a learner is most likely on: the first problem that failed in the last
/// recorded run of a started kata, else the first kata not solved.
pub fn current(root: &Path) -> Result<(Kata, usize)> {
    let katas = catalog::load(root)?;
    let record = shipped::read(root)?;
    for kata in &katas {
        if shipped::untouched(root, kata, &record) {
            continue;
        }
        let Some(checks) = spec::read_report(&spec::report_path(root, &kata.package())) else {
            return Ok((kata.clone(), 1));
        };
        let failing = (1..=kata.problems.len()).find(|n| {
            let prefix = Kata::prefix(*n);
            checks.iter().any(|(name, c)| name.starts_with(&prefix) && !c.passed)
        });
        if let Some(n) = failing {
            return Ok((kata.clone(), n));
        }
    }
    let first = katas
        .iter()
        .find(|k| shipped::untouched(root, k, &record))
        .or(katas.first())
        .context("the catalog lists no kata")?;
    Ok((first.clone(), 1))
}

/// Prints one level of a problem's hints (the first by default), and how to get the next.
pub fn hint(root: &Path, kata: Option<&str>, problem: Option<usize>, level: Option<usize>) -> Result<()> {
    let (kata, problem) = match (kata, problem) {
        (Some(name), n) => (catalog::find(root, name)?, n.unwrap_or(1)),
        (None, _) => current(root)?,
    };
    let Some(p) = kata.problems.get(problem.wrapping_sub(1)) else {
        bail!("kata `{}` has problems 1 to {}", kata.name, kata.problems.len());
    };
    let levels = p.hints.len();
    let level = level.unwrap_or(1);
    if level == 0 || level > levels {
        bail!("problem {problem} of `{}` has hints 1 to {levels}", kata.name);
    }
    println!("\n{} — problem {problem}: {}\n", kata.package(), p.title);
    println!("  {}\n", p.goal.replace('\n', "\n  "));
    println!(
        "Hint {level} of {levels}:\n  {}\n",
        p.hints[level - 1].replace('\n', "\n  ")
    );
    if level < levels {
        println!(
            "Still stuck after trying it? A stronger hint: cargo hint {} {problem} {}",
            kata.name,
            level + 1
        );
    } else {
        println!(
            "That was the last hint. When you are done, compare with the reference solution: {}/src/ (spoilers)",
            kata.solution_dir()
        );
    }
    Ok(())
}

/// Puts a kata back as shipped, after asking (unless `yes`). The learner's version is kept
/// first, in a new folder under `.kept/` at the workbook's root — not under `target/`, which
/// `cargo clean` wipes. Touches only files under `katas/<kata>/`, never through a symlink, and
/// refuses a record that names a path outside the kata.
pub fn reset(root: &Path, name: &str, yes: bool) -> Result<Option<PathBuf>> {
    let kata = catalog::find(root, name)?;
    let record = shipped::read(root)?;
    let files = record
        .get(&kata.name)
        .with_context(|| format!("{} has no record of `{}`", shipped::SHIPPED, kata.name))?;
    for file in files.keys() {
        if !inside(file) {
            bail!(
                "{} names `{file}` for `{}`: a path outside the kata's folder; refusing to reset",
                shipped::SHIPPED,
                kata.name
            );
        }
    }
    let dir = root.join(kata.dir());
    if fs_err::symlink_metadata(&dir)?.file_type().is_symlink() {
        bail!(
            "{} is a symbolic link; reset only works on the kata's own folder",
            kata.dir()
        );
    }
    let present = catalog::kata_files(root, &kata)?;
    let changed: Vec<&String> = present
        .iter()
        .filter(|f| {
            files
                .get(*f)
                .is_none_or(|blob| shipped::blob_of(&dir.join(f)).ok().as_ref() != Some(blob))
        })
        .chain(files.keys().filter(|f| !present.contains(f)))
        .collect();
    if changed.is_empty() {
        println!("{} is already as shipped.", kata.dir());
        return Ok(None);
    }
    println!("Reset {} to its shipped state? These files change:", kata.dir());
    for file in &changed {
        println!("  {}/{file}", kata.dir());
    }
    println!("Your version of the kata is kept first, in .kept/{}/…", kata.name);
    if !yes {
        print!("Reset? [y/N] ");
        std::io::stdout().flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            println!("Nothing changed.");
            return Ok(None);
        }
    }
    // Every shipped file first, so that a missing blob changes nothing.
    let mut contents = Vec::new();
    for (file, blob) in files {
        let bytes = shipped::fetch(root, blob)
            .with_context(|| format!("the shipped {}/{file} is not in this repository's history", kata.dir()))?;
        contents.push((file, bytes));
    }
    let kept = keep(root, &kata, &present)?;
    for file in present.iter().filter(|f| !files.contains_key(*f)) {
        let path = dir.join(file);
        if no_symlink_between(&dir, &path)? {
            fs_err::remove_file(&path)?;
        }
    }
    for (file, bytes) in contents {
        let path = dir.join(file);
        if let Some(parent) = path.parent() {
            fs_err::create_dir_all(parent)?;
        }
        if !no_symlink_between(&dir, &path)? {
            bail!(
                "{} leads through a symbolic link; refusing to write there",
                path.display()
            );
        }
        if fs_err::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            fs_err::remove_file(&path)?;
        }
        fs_err::write(&path, bytes)?;
    }
    println!(
        "Done: {} is as shipped. Your version is in {}",
        kata.dir(),
        kept.strip_prefix(root).unwrap_or(&kept).display()
    );
    Ok(Some(kept))
}

/// Whether a recorded path stays inside the kata's folder: relative, no `..`, no root.
fn inside(file: &str) -> bool {
    let path = Path::new(file);
    !file.is_empty() && !file.contains('\\') && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Whether every folder from `dir` down to `path`'s parent is a real folder, not a link.
fn no_symlink_between(dir: &Path, path: &Path) -> Result<bool> {
    let relative = path.strip_prefix(dir)?;
    let mut at = dir.to_path_buf();
    let parts: Vec<_> = relative.components().collect();
    for part in &parts[..parts.len().saturating_sub(1)] {
        at.push(part);
        if fs_err::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Copies the kata's files (links are noted, not followed) into a new folder of `.kept/`.
fn keep(root: &Path, kata: &Kata, present: &[String]) -> Result<PathBuf> {
    let base = root.join(".kept").join(&kata.name);
    fs_err::create_dir_all(&base)?;
    let stamp = stamp(SystemTime::now());
    let kept = (0..1000)
        .map(|n| {
            if n == 0 {
                base.join(&stamp)
            } else {
                base.join(format!("{stamp}-{n}"))
            }
        })
        .find(|candidate| fs_err::create_dir(candidate).is_ok())
        .with_context(|| format!("could not make a new folder in {}", base.display()))?;
    let dir = root.join(kata.dir());
    let mut links = String::new();
    for file in present {
        let from = dir.join(file);
        let meta = fs_err::symlink_metadata(&from)?;
        if meta.file_type().is_symlink() {
            let target = fs_err::read_link(&from).unwrap_or_default();
            links.push_str(&format!("{file} -> {}\n", target.display()));
            continue;
        }
        let to = kept.join(file);
        if let Some(parent) = to.parent() {
            fs_err::create_dir_all(parent)?;
        }
        fs_err::copy(&from, &to)?;
    }
    if !links.is_empty() {
        fs_err::write(kept.join("symbolic-links.txt"), links)?;
    }
    Ok(kept)
}

/// `2026-11-22-224705`, in UTC: sorts by time, reads as a date.
fn stamp(time: SystemTime) -> String {
    let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Howard Hinnant's days-to-civil algorithm.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}-{:02}{:02}{:02}",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_read_as_dates() {
        let t = UNIX_EPOCH + Duration::from_secs(1_795_387_625);
        assert_eq!(stamp(t), "2026-11-22-224705");
        assert_eq!(stamp(UNIX_EPOCH), "1970-01-01-000000");
    }

    #[test]
    fn recorded_paths_must_stay_inside() {
        assert!(inside("src/lib.rs"));
        assert!(!inside("../../etc/passwd"));
        assert!(!inside("src/../../x"));
        assert!(!inside("/etc/passwd"));
        assert!(!inside("src\\lib.rs"));
        assert!(!inside(""));
    }
}
