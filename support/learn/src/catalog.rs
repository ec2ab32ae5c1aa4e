//! The catalog of katas: `katas/info.toml`, read and joined with what the workspace holds.
//!
//! `info.toml` is the one place that says, for each kata, which chapter teaches it, which files
//! a learner edits, and each problem's goal and hints. The checks' names are not written there:
//! they are read from the kata's spec (its `kata_harness::spec! { … }` list), so the kata box in
//! the book can never list a check that is not in the code.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, Result, bail};
use toml::{Table, Value};

/// One kata, as `info.toml` describes it.
#[derive(Clone, Debug)]
pub struct Kata {
    /// `queue` → `katas/queue` (package `kata-queue`) and `solutions/queue` (`solution-queue`).
    pub name: String,
    pub title: String,
    /// The files a learner edits, relative to the kata's folder.
    pub edit: Vec<String>,
    pub problems: Vec<Problem>,
}

/// One problem of a kata; its number is its position, from 1.
#[derive(Clone, Debug)]
pub struct Problem {
    pub title: String,
    /// What the learner is asked to do, in Markdown.
    pub goal: String,
    /// Progressive hints in Markdown: a nudge first, then stronger ones.
    pub hints: Vec<String>,
    /// Minutes a workshop gives it: the instructor schedules are made from these.
    pub minutes: Option<u32>,
}

impl Kata {
    pub fn package(&self) -> String {
        format!("kata-{}", self.name)
    }

    pub fn solution_package(&self) -> String {
        format!("solution-{}", self.name)
    }

    /// The kata's page in the book, relative to `book/`: the chapter's folder is named after the
    /// kata, so the book's path tells the exercise's path.
    pub fn chapter(&self) -> String {
        format!("{}/kata.md", self.name)
    }

    pub fn dir(&self) -> String {
        format!("katas/{}", self.name)
    }

    pub fn solution_dir(&self) -> String {
        format!("solutions/{}", self.name)
    }

    /// The check-name prefix of problem `number` (from 1).
    pub fn prefix(number: usize) -> String {
        format!("problem{number}_")
    }

    /// The spec's checks, in order, as its `kata_harness::spec! { … }` lists them.
    pub fn spec_tests(&self, root: &Path) -> Result<Vec<String>> {
        let path = root.join(self.dir()).join("tests/spec/mod.rs");
        let text = fs_err::read_to_string(&path).with_context(|| format!("reading the spec {}", path.display()))?;
        Ok(test_functions(&text))
    }

    /// The spec's checks for problem `number`.
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
    let text = fs_err::read_to_string(&path)?;
    parse(&text).with_context(|| format!("reading {}", path.display()))
}

/// The catalog's text, read into katas. Unknown keys are errors: a misspelt `hint` would
/// otherwise quietly lose a problem's hints.
pub fn parse(text: &str) -> Result<Vec<Kata>> {
    let table: Table = text.parse()?;
    let mut katas = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, kata) in array_of_tables(&table, "kata")?.into_iter().enumerate() {
        let at = format!("[[kata]] number {}", i + 1);
        if kata.contains_key("chapter") {
            bail!(
                "{at}: `chapter` is not written in the catalog any more: a kata's page is always \
                 book/<name>/kata.md; remove the line"
            );
        }
        only_keys(kata, &["name", "title", "edit", "problem"], &at)?;
        let name = string(kata, "name", &at)?;
        let at = format!("kata `{name}`");
        let mut problems = Vec::new();
        for (j, problem) in array_of_tables(kata, "problem")?.into_iter().enumerate() {
            let at = format!("{at}, problem {}", j + 1);
            only_keys(problem, &["title", "goal", "hints", "minutes"], &at)?;
            problems.push(Problem {
                title: string(problem, "title", &at)?,
                goal: string(problem, "goal", &at)?,
                hints: strings(problem, "hints", &at)?,
                minutes: match problem.get("minutes") {
                    None => None,
                    Some(v) => Some(
                        v.as_integer()
                            .and_then(|m| u32::try_from(m).ok())
                            .with_context(|| format!("{at}: `minutes` should be a whole number"))?,
                    ),
                },
            });
        }
        if !seen.insert(name.clone()) {
            bail!("kata `{name}` is listed twice");
        }
        katas.push(Kata {
            title: string(kata, "title", &at)?,
            edit: strings(kata, "edit", &at)?,
            name,
            problems,
        });
    }
    Ok(katas)
}

fn array_of_tables<'a>(table: &'a Table, key: &str) -> Result<Vec<&'a Table>> {
    match table.get(key) {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| {
                item.as_table()
                    .with_context(|| format!("`{key}` should be a list of tables"))
            })
            .collect(),
        Some(_) => bail!("`{key}` should be a list of tables ([[{key}]])"),
    }
}

fn only_keys(table: &Table, keys: &[&str], at: &str) -> Result<()> {
    for key in table.keys() {
        if !keys.contains(&key.as_str()) {
            bail!("{at}: unknown key `{key}` (known: {})", keys.join(", "));
        }
    }
    Ok(())
}

fn string(table: &Table, key: &str, at: &str) -> Result<String> {
    table
        .get(key)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .with_context(|| format!("{at}: `{key}` should be a string"))
}

fn strings(table: &Table, key: &str, at: &str) -> Result<Vec<String>> {
    table
        .get(key)
        .and_then(Value::as_array)
        .and_then(|items| items.iter().map(|v| v.as_str().map(str::to_owned)).collect())
        .with_context(|| format!("{at}: `{key}` should be a list of strings"))
}

/// One kata by name, `queue` or `kata-queue`; a mistyped name gets the closest one suggested.
pub fn find(root: &Path, name: &str) -> Result<Kata> {
    let katas = load(root)?;
    let wanted = name
        .trim_start_matches("kata-")
        .trim_start_matches("solution-")
        .trim_start_matches("katas/")
        .trim_end_matches('/');
    if let Some(kata) = katas.iter().find(|k| k.name == wanted) {
        return Ok(kata.clone());
    }
    let names: Vec<&str> = katas.iter().map(|k| k.name.as_str()).collect();
    match closest(wanted, &names) {
        Some(n) => bail!(
            "no kata named `{name}` — did you mean `{n}`? (the katas: {})",
            names.join(", ")
        ),
        None => bail!("no kata named `{name}` (the katas: {})", names.join(", ")),
    }
}

/// The candidate closest to a mistyped `word`, if one is close enough to be what was meant.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(c, word), *c))
        .min()
        .filter(|(distance, c)| *distance <= c.len().max(3) / 2)
        .map(|(_, c)| c)
}

/// The folder of a kata's files, relative paths of every file in it (no build output).
pub fn kata_files(root: &Path, kata: &Kata) -> Result<Vec<String>> {
    let dir = root.join(kata.dir());
    let mut files = Vec::new();
    // A link is listed as a file of its own (never followed): reset and ship treat it as one.
    let walk = walkdir::WalkDir::new(&dir).sort_by_file_name().into_iter();
    for entry in walk.filter_entry(|e| e.file_name() != "target") {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        if !entry.file_type().is_dir() {
            files.push(entry.path().strip_prefix(&dir)?.to_string_lossy().replace('\\', "/"));
        }
    }
    files.sort();
    Ok(files)
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

    #[test]
    fn reads_a_catalog_and_refuses_unknown_keys() {
        let text = "[[kata]]\nname = \"queue\"\ntitle = \"Q\"\nedit = [\"src/lib.rs\"]\n\n[[kata.problem]]\ntitle = \"one\"\ngoal = \"g\"\nhints = [\"h1\", \"h2\"]\n";
        let katas = parse(text).unwrap();
        assert_eq!(katas[0].name, "queue");
        assert_eq!(katas[0].problems[0].hints, ["h1", "h2"]);
        let wrong = text.replace("hints =", "hint =");
        assert!(parse(&wrong).unwrap_err().to_string().contains("unknown key `hint`"));
    }

    #[test]
    fn finds_katas_with_or_without_their_prefix_and_suggests_the_closest() {
        let root = crate::project::find_from(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
        assert_eq!(find(&root, "kata-queue").unwrap().name, "queue");
        assert_eq!(find(&root, "queue").unwrap().name, "queue");
        let err = find(&root, "queu").unwrap_err().to_string();
        assert!(err.contains("did you mean `queue`"), "{err}");
    }
}
