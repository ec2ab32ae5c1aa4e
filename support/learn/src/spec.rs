//! Running a kata's spec and reading its verdicts.
//!
//! The kata runner (the harness's `spec` module) writes one line per check to the file named by
//! [`REPORT`]: `name \t ok|failed \t millis \t title`. Tools read that, never the text meant for
//! the learner's eyes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Result;

use crate::process;

/// The environment variable naming the file where the kata runner reports each check's verdict.
pub const REPORT: &str = "ASYNC_KATAS_REPORT";

/// What one check of a spec said.
#[derive(Clone, Debug)]
pub struct Check {
    pub passed: bool,
    /// The failure's title (its `✗` line), when it failed.
    pub title: Option<String>,
    /// Real time to its verdict, where the runner reports it.
    pub took: Option<Duration>,
}

/// How one run of a spec went.
#[derive(Debug, Default)]
pub struct SpecRun {
    /// Check name → verdict.
    pub checks: BTreeMap<String, Check>,
    pub compiled: bool,
    pub timed_out: bool,
    pub took: Duration,
    /// What the test binary printed: the learner's one-screen verdict.
    pub stdout: String,
    /// Cargo's and the compiler's output.
    pub stderr: String,
}

impl SpecRun {
    /// The checks of problem `number` (from 1): how many, and how many passed.
    pub fn problem(&self, number: usize) -> (usize, usize) {
        let prefix = format!("problem{number}_");
        let checks: Vec<&Check> = self
            .checks
            .iter()
            .filter(|(name, _)| name.starts_with(&prefix))
            .map(|(_, c)| c)
            .collect();
        (checks.len(), checks.iter().filter(|c| c.passed).count())
    }

    /// The compiler's errors, without cargo's progress lines.
    pub fn compiler_errors(&self) -> String {
        self.stderr
            .lines()
            .filter(|l| {
                let l = l.trim_start();
                !(l.starts_with("Compiling") || l.starts_with("Blocking") || l.starts_with("Locking"))
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Where the report of a package's last spec run goes.
pub fn report_path(root: &Path, package: &str) -> PathBuf {
    process::target_dir(root).join("reports").join(format!("{package}.tsv"))
}

/// Runs `cargo test -p <package>` (with `extra` arguments for cargo), stopping it after
/// `limit`, and reads the verdict of every check.
pub fn run(root: &Path, package: &str, extra: &[&str], limit: Duration) -> Result<SpecRun> {
    let report = report_path(root, package);
    if let Some(dir) = report.parent() {
        fs_err::create_dir_all(dir)?;
    }
    let _ = fs_err::remove_file(&report);
    let mut cargo = process::cargo(root);
    cargo
        .args(["test", "-p", package, "--no-fail-fast"])
        .args(extra)
        .env(REPORT, &report);
    let outcome = process::run(cargo, limit)?;
    // Only the runner's report counts: a test binary that is not the kata runner has no verdicts.
    let checks = read_report(&report).unwrap_or_default();
    Ok(SpecRun {
        compiled: !outcome.stderr.contains("could not compile") && !outcome.stderr.contains("error: failed to"),
        timed_out: outcome.timed_out,
        took: outcome.took,
        checks,
        stdout: outcome.stdout,
        stderr: outcome.stderr,
    })
}

/// The runner's report: one line per check, `name \t ok|failed \t millis \t title`.
pub fn read_report(path: &Path) -> Option<BTreeMap<String, Check>> {
    let text = fs_err::read_to_string(path).ok()?;
    let mut checks = BTreeMap::new();
    for line in text.lines() {
        let mut fields = line.splitn(4, '\t');
        let (Some(name), Some(verdict), Some(millis), title) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        checks.insert(
            name.to_owned(),
            Check {
                passed: verdict == "ok",
                title: title.filter(|t| !t.is_empty()).map(str::to_owned),
                took: millis.parse().ok().map(Duration::from_millis),
            },
        );
    }
    (!checks.is_empty()).then_some(checks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_runners_report() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("../../target/tmp/learn-report-test-{}", std::process::id()));
        fs_err::create_dir_all(&dir).unwrap();
        let path = dir.join("r.tsv");
        fs_err::write(&path, "problem1_a\tok\t12\t\nproblem1_b\tfailed\t40\ttoo slow\n").unwrap();
        let checks = read_report(&path).unwrap();
        let _ = fs_err::remove_dir_all(&dir);
        assert!(checks["problem1_a"].passed);
        assert_eq!(checks["problem1_b"].title.as_deref(), Some("too slow"));
        assert_eq!(checks["problem1_b"].took, Some(Duration::from_millis(40)));
    }
}
