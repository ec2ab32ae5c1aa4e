//! The learner's tools: where am I (`progress`), show me a hint (`hint`), and let me start over
//! (`reset`).
//!
//! `reset` needs each kata exactly as shipped. `katas/shipped.toml` records, for every file of
//! every kata, its git blob id (what `git hash-object` prints); the files themselves come back
//! from the repository's history with `git cat-file`, byte for byte, whatever the learner has
//! committed since. The gate checks the record against the katas, so it can't go stale.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};

use crate::catalog::{self, Kata};
use crate::gate::{SpecRun, run_spec};

/// The shipped record: kata → file (relative to the kata's folder) → git blob id.
pub type Shipped = BTreeMap<String, BTreeMap<String, String>>;

const SHIPPED: &str = "katas/shipped.toml";

pub fn read_shipped(root: &Path) -> Result<Shipped> {
    let text = std::fs::read_to_string(root.join(SHIPPED)).with_context(|| format!("reading {SHIPPED}"))?;
    Ok(toml::from_str(&text)?)
}

/// The files of a kata's folder, relative to it (no build output).
pub fn kata_files(root: &Path, kata: &Kata) -> Result<Vec<String>> {
    let dir = root.join(kata.dir());
    let mut files = Vec::new();
    let mut stack = vec![dir.clone()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let path = entry?.path();
            if path.file_name().is_some_and(|n| n == "target") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path.strip_prefix(&dir)?.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files.sort();
    Ok(files)
}

fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let output = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .context("running git (the katas' shipped state comes from the repository's history)")?;
    if !output.status.success() {
        bail!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(output.stdout)
}

/// The git blob id of a file as it is now.
pub fn blob_of(root: &Path, path: &Path) -> Result<String> {
    let id = git(root, &["hash-object", "--no-filters", &path.to_string_lossy()])?;
    Ok(String::from_utf8_lossy(&id).trim().to_owned())
}

/// The current blob ids of every kata's files: what `ship` writes.
pub fn current(root: &Path) -> Result<Shipped> {
    let mut shipped = Shipped::new();
    for kata in catalog::load(root)? {
        let mut files = BTreeMap::new();
        for file in kata_files(root, &kata)? {
            files.insert(file.clone(), blob_of(root, &root.join(kata.dir()).join(&file))?);
        }
        shipped.insert(kata.name.clone(), files);
    }
    Ok(shipped)
}

/// Records the katas' current files as their shipped state.
pub fn ship(root: &Path) -> Result<()> {
    let mut text = String::from(
        "# Every file of every kata as shipped: its git blob id (`git hash-object`). Written by\n\
         # `cargo run -p workbook -- ship`; `reset` restores katas from it, and the gate checks it.\n",
    );
    for (kata, files) in current(root)? {
        text.push_str(&format!("\n[{kata}]\n"));
        for (file, blob) in files {
            text.push_str(&format!("{file:?} = {blob:?}\n"));
        }
    }
    std::fs::write(root.join(SHIPPED), text)?;
    Ok(())
}

/// Differences between the record and the katas as they are.
pub fn check_shipped(root: &Path) -> Result<Vec<String>> {
    let (recorded, now) = (read_shipped(root)?, current(root)?);
    let mut problems = Vec::new();
    if recorded != now {
        for (kata, files) in &now {
            let old = recorded.get(kata).cloned().unwrap_or_default();
            for (file, blob) in files {
                if old.get(file) != Some(blob) {
                    problems.push(format!("katas/{kata}/{file} is not as {SHIPPED} records it"));
                }
            }
            for file in old.keys().filter(|f| !files.contains_key(*f)) {
                problems.push(format!("katas/{kata}/{file} is in {SHIPPED} but not in the kata"));
            }
        }
        problems.push("after changing a kata on purpose, record it: cargo run -p workbook -- ship".into());
    }
    Ok(problems)
}

/// Whether a kata is as shipped (the learner has not started).
fn untouched(root: &Path, kata: &Kata, shipped: &Shipped) -> Result<bool> {
    let Some(record) = shipped.get(&kata.name) else {
        return Ok(false);
    };
    for file in &kata.edit {
        let path = root.join(kata.dir()).join(file);
        if !path.exists() || record.get(file) != Some(&blob_of(root, &path)?) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// What `progress` found for one kata.
enum Standing {
    NotStarted,
    DoesNotCompile(String),
    Hangs,
    Ran(SpecRun),
}

/// One row per kata and problem: passed, failing or not started, and what to do next.
pub fn progress(root: &Path) -> Result<()> {
    let katas = catalog::load(root)?;
    let shipped = read_shipped(root)?;
    let mut next: Option<String> = None;
    println!("{:<14} {:<3} {:<18} status", "kata", "", "problem");
    for kata in &katas {
        let standing = if untouched(root, kata, &shipped)? {
            Standing::NotStarted
        } else {
            eprint!("  running {} …\r", kata.package());
            let _ = std::io::stderr().flush();
            let run = run_spec(root, &kata.package(), Duration::from_secs(300))?;
            eprint!("{:40}\r", "");
            if run.timed_out {
                Standing::Hangs
            } else if !run.compiled {
                Standing::DoesNotCompile(run.diagnostics.clone())
            } else {
                Standing::Ran(run)
            }
        };
        for (i, problem) in kata.problems.iter().enumerate() {
            let number = i + 1;
            let name = if i == 0 { kata.name.as_str() } else { "" };
            let status = match &standing {
                Standing::NotStarted => "· not started".to_owned(),
                Standing::DoesNotCompile(_) => "✗ does not compile".to_owned(),
                Standing::Hangs => "✗ did not finish (stopped after 5 min)".to_owned(),
                Standing::Ran(run) => {
                    let prefix = Kata::prefix(number);
                    let tests: Vec<bool> = run
                        .tests
                        .iter()
                        .filter(|(t, _)| t.starts_with(&prefix))
                        .map(|(_, ok)| *ok)
                        .collect();
                    let passed = tests.iter().filter(|ok| **ok).count();
                    if passed == tests.len() && !tests.is_empty() {
                        "✓ passed".to_owned()
                    } else {
                        if next.is_none() {
                            next = Some(format!(
                                "{} problem {number} ({}): cargo test -p {} problem{number}   · hints: cargo run -p workbook -- hint {} {number}",
                                kata.package(),
                                problem.title,
                                kata.package(),
                                kata.name
                            ));
                        }
                        format!("✗ failing ({passed} of {} tests pass)", tests.len())
                    }
                }
            };
            println!("{name:<14} {number:<3} {:<18} {status}", problem.title);
        }
        if let Standing::DoesNotCompile(diagnostics) = &standing {
            let first: Vec<&str> = diagnostics.lines().filter(|l| !l.trim().is_empty()).take(6).collect();
            println!(
                "{:<14}     the compiler says:\n{:<14}     {}",
                "",
                "",
                first.join(&format!("\n{:<19}", ""))
            );
            if next.is_none() {
                next = Some(format!(
                    "fix {} so it compiles: cargo test -p {}",
                    kata.dir(),
                    kata.package()
                ));
            }
        }
    }
    match next {
        Some(next) => println!("\nNext: {next}"),
        None => match katas.iter().find(|k| untouched(root, k, &shipped).unwrap_or(false)) {
            Some(kata) => println!(
                "\nNext: start {} — read its chapter, then cargo test -p {}",
                kata.package(),
                kata.package()
            ),
            None => println!("\nEvery problem of every kata passes. Well done!"),
        },
    }
    Ok(())
}

/// Prints the hints of a kata's problem, up to `level` (all by default).
pub fn hint(root: &Path, kata: &str, problem: usize, level: Option<usize>) -> Result<()> {
    let kata = catalog::find(root, kata)?;
    let Some(p) = kata.problems.get(problem.wrapping_sub(1)) else {
        bail!("kata `{}` has problems 1 to {}", kata.name, kata.problems.len());
    };
    println!("{} — problem {problem}: {}\n\n{}\n", kata.package(), p.title, p.goal);
    let shown = level.unwrap_or(p.hints.len()).min(p.hints.len());
    for (i, hint) in p.hints.iter().take(shown).enumerate() {
        let label = if i == 0 { "A hint" } else { "A stronger hint" };
        println!("{label}:\n  {}\n", hint.replace('\n', "\n  "));
    }
    if shown < p.hints.len() {
        println!(
            "(a stronger one: cargo run -p workbook -- hint {} {problem} {})",
            kata.name,
            shown + 1
        );
    }
    Ok(())
}

/// Puts a kata back as shipped, after asking (unless `yes`); the learner's files are kept aside
/// first, in `target/kept/<kata>-<time>/`. Touches nothing outside `katas/<kata>/`.
pub fn reset(root: &Path, name: &str, yes: bool) -> Result<Option<PathBuf>> {
    let kata = catalog::find(root, name)?;
    let shipped = read_shipped(root)?;
    let record = shipped
        .get(&kata.name)
        .with_context(|| format!("{SHIPPED} has no record of `{name}`"))?;
    let dir = root.join(kata.dir());
    let present = kata_files(root, &kata)?;
    let changed: Vec<&String> = present
        .iter()
        .filter(|f| {
            record
                .get(*f)
                .is_none_or(|blob| blob_of(root, &dir.join(f)).ok().as_ref() != Some(blob))
        })
        .chain(record.keys().filter(|f| !present.contains(f)))
        .collect();
    if changed.is_empty() {
        println!("{} is already as shipped.", kata.dir());
        return Ok(None);
    }
    let stamp = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let kept = root.join("target/kept").join(format!("{}-{stamp}", kata.name));
    println!("Reset {} to its shipped state? These files change:", kata.dir());
    for file in &changed {
        println!("  {}/{file}", kata.dir());
    }
    println!(
        "Your version of the kata is kept in {} first.",
        kept.strip_prefix(root).unwrap_or(&kept).display()
    );
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
    for file in &present {
        let to = kept.join(file);
        std::fs::create_dir_all(to.parent().unwrap_or(&kept))?;
        std::fs::copy(dir.join(file), &to)?;
    }
    // Fetch every shipped file first, so a missing blob changes nothing.
    let mut contents = Vec::new();
    for (file, blob) in record {
        let bytes = git(root, &["cat-file", "blob", blob])
            .with_context(|| format!("the shipped {}/{file} is not in this repository's history", kata.dir()))?;
        contents.push((file, bytes));
    }
    for file in present.iter().filter(|f| !record.contains_key(*f)) {
        std::fs::remove_file(dir.join(file))?;
    }
    for (file, bytes) in contents {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap_or(&dir))?;
        std::fs::write(path, bytes)?;
    }
    println!("Done: {} is as shipped.", kata.dir());
    Ok(Some(kept))
}
