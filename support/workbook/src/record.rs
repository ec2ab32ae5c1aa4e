//! The shipped record, the maintainer's side (`katas/shipped.toml`): `ship` writes it, the
//! gate checks it. The learner's side — reading it, telling a started kata from an untouched
//! one, `reset` — is in the `learn` tool.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;
use learn::catalog::{self, kata_files};
use learn::shipped::{self, SHIPPED, Shipped};

pub use learn::shipped::read as read_shipped;

/// The current blob ids of every kata's files: what `ship` writes.
pub fn current(root: &Path) -> Result<Shipped> {
    let mut record = Shipped::new();
    for kata in catalog::load(root)? {
        let mut files = BTreeMap::new();
        for file in kata_files(root, &kata)? {
            files.insert(file.clone(), shipped::blob_of(&root.join(kata.dir()).join(&file))?);
        }
        record.insert(kata.name.clone(), files);
    }
    Ok(record)
}

/// Records the katas' current files as their shipped state.
pub fn ship(root: &Path) -> Result<()> {
    let mut text = String::from(
        "# Every file of every kata as shipped: its git blob id (`git hash-object`). Written by\n\
         # `cargo run -p workbook -- ship`; `cargo reset-kata` restores katas from it, and the gate\n\
         # checks it.\n",
    );
    for (kata, files) in current(root)? {
        text.push_str(&format!("\n[{kata}]\n"));
        for (file, blob) in files {
            text.push_str(&format!("{file:?} = {blob:?}\n"));
        }
    }
    fs_err::write(root.join(SHIPPED), text)?;
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

/// Whether the strict checks for maintainers apply: in CI, or when asked for. On a learner's
/// checkout the katas differ from their record as soon as the learner starts, and `cargo test`
/// must stay green there.
pub fn maintainer() -> bool {
    let set = |name: &str| std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    set("CI") || set("ASYNC_KATAS_MAINTAINER")
}

/// What holds on any checkout: the record names every kata and every file a learner edits,
/// and every recorded blob is in the repository's history (so `reset` can restore it).
pub fn check_record(root: &Path) -> Result<Vec<String>> {
    let record = read_shipped(root)?;
    let mut problems = Vec::new();
    for kata in catalog::load(root)? {
        let Some(files) = record.get(&kata.name) else {
            problems.push(format!("{SHIPPED} has no record of kata `{}`", kata.name));
            continue;
        };
        for file in kata.edit.iter().filter(|f| !files.contains_key(*f)) {
            problems.push(format!("{SHIPPED} does not record katas/{}/{file}", kata.name));
        }
        for (file, blob) in files {
            if shipped::fetch(root, blob).is_err() {
                problems.push(format!(
                    "{SHIPPED}: the shipped katas/{}/{file} ({blob}) is not in this repository's history",
                    kata.name
                ));
            }
        }
    }
    Ok(problems)
}
