//! The maintainer's side of the shipped record (`katas/shipped.toml`): `ship` writes it, the
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
