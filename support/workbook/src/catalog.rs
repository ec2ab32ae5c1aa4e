//! The catalog of katas: `katas/info.toml`, read and joined with what the workspace holds.
//!
//! `info.toml` is the one place that says, for each kata, which chapter teaches it, which files
//! a learner edits, and each problem's goal and hints. The test names are not written there: they
//! are read from the kata's spec, so the kata box in the book can never list a test that is not
//! in the code.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct File {
    kata: Vec<Kata>,
}

/// One kata, as `info.toml` describes it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kata {
    /// `queue` → `katas/queue` (package `kata-queue`) and `solutions/queue` (`solution-queue`).
    pub name: String,
    pub title: String,
    /// The chapter page with the kata box, relative to `book/`.
    pub chapter: String,
    /// The files a learner edits, relative to the kata's folder.
    pub edit: Vec<String>,
    #[serde(rename = "problem")]
    pub problems: Vec<Problem>,
}

/// One problem of a kata; its number is its position, from 1.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    pub title: String,
    /// What the learner is asked to do, in Markdown.
    pub goal: String,
    /// Progressive hints in Markdown: a nudge first, then stronger ones.
    pub hints: Vec<String>,
}

impl Kata {
    pub fn package(&self) -> String {
        format!("kata-{}", self.name)
    }

    pub fn solution_package(&self) -> String {
        format!("solution-{}", self.name)
    }

    pub fn dir(&self) -> String {
        format!("katas/{}", self.name)
    }

    pub fn solution_dir(&self) -> String {
        format!("solutions/{}", self.name)
    }

    /// The test-name prefix of problem `number` (from 1).
    pub fn prefix(number: usize) -> String {
        format!("problem{number}_")
    }

    /// The spec's test functions, as written in `katas/<name>/tests/spec/`.
    pub fn spec_tests(&self, root: &Path) -> Result<Vec<String>> {
        let dir = root.join(self.dir()).join("tests/spec");
        let mut names = Vec::new();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .with_context(|| format!("reading the spec folder {}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file)?;
            names.extend(test_functions(&text));
        }
        Ok(names)
    }

    /// The spec's tests for problem `number`.
    pub fn problem_tests(&self, root: &Path, number: usize) -> Result<Vec<String>> {
        let prefix = Self::prefix(number);
        Ok(self
            .spec_tests(root)?
            .into_iter()
            .filter(|t| t.starts_with(&prefix))
            .collect())
    }
}

/// The checks a spec lists for the runner, in order: `kata_harness::spec! { a, b, }`.
pub fn test_functions(source: &str) -> Vec<String> {
    let Some(start) = source.find("spec! {") else {
        return Vec::new();
    };
    let body = &source[start + "spec! {".len()..];
    let body = &body[..body.find('}').unwrap_or(body.len())];
    body.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .flat_map(|line| line.split(','))
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `#[test]` functions left in a spec: the runner never runs them.
pub fn stray_tests(source: &str) -> usize {
    source.lines().filter(|l| l.trim() == "#[test]").count()
}

/// Every kata, in the order of `info.toml`.
pub fn load(root: &Path) -> Result<Vec<Kata>> {
    let path = root.join("katas/info.toml");
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let file: File = toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    let mut seen = BTreeSet::new();
    for kata in &file.kata {
        if !seen.insert(kata.name.clone()) {
            bail!("{}: kata `{}` is listed twice", path.display(), kata.name);
        }
    }
    Ok(file.kata)
}

/// One kata by name.
pub fn find(root: &Path, name: &str) -> Result<Kata> {
    let katas = load(root)?;
    let names: Vec<String> = katas.iter().map(|k| k.name.clone()).collect();
    katas
        .into_iter()
        .find(|k| k.name == name)
        .with_context(|| format!("no kata named `{name}` (there are: {})", names.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_checks_a_spec_lists() {
        let source =
            "fn problem1_a() {}\nkata_harness::spec! {\n    problem1_a,\n    // why\n    problem2_b, problem3_c\n}\n";
        assert_eq!(test_functions(source), ["problem1_a", "problem2_b", "problem3_c"]);
        assert_eq!(stray_tests("#[test]\nfn x() {}\n"), 1);
    }
}
