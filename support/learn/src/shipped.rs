//! Each kata as shipped: `katas/shipped.toml` records, for every file of every kata, its git
//! blob id. Comparing a file with its record tells a kata the learner has started from one
//! they have not; `reset` fetches the shipped bytes back from the repository's history.
//!
//! Blob ids are computed here, as git does (`sha1("blob <len>\0<bytes>")`), from the file's
//! text with Windows line endings turned back into `\n` — so a checkout made with
//! `core.autocrlf=true` reads as shipped, just as git's own status says it is.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::catalog::Kata;

/// kata → file (relative to the kata's folder) → git blob id.
pub type Shipped = BTreeMap<String, BTreeMap<String, String>>;

pub const SHIPPED: &str = "katas/shipped.toml";

pub fn read(root: &Path) -> Result<Shipped> {
    let path = root.join(SHIPPED);
    let text = fs_err::read_to_string(&path)?;
    parse(&text).with_context(|| format!("reading {}", path.display()))
}

pub fn parse(text: &str) -> Result<Shipped> {
    let table: toml::Table = text.parse()?;
    let mut shipped = Shipped::new();
    for (kata, files) in &table {
        let files = files
            .as_table()
            .with_context(|| format!("[{kata}] should be a table of file = blob id"))?;
        let mut record = BTreeMap::new();
        for (file, blob) in files {
            let blob = blob
                .as_str()
                .with_context(|| format!("[{kata}] {file}: the blob id should be a string"))?;
            record.insert(file.clone(), blob.to_owned());
        }
        shipped.insert(kata.clone(), record);
    }
    Ok(shipped)
}

/// The git blob id of `bytes` as git stores them: with `\r\n` read as `\n` where the bytes are
/// text (git's `text=auto` normalisation, which `.gitattributes` asks for).
pub fn blob_id(bytes: &[u8]) -> String {
    let normalized;
    let bytes = if bytes.contains(&0) || !bytes.windows(2).any(|w| w == b"\r\n") {
        bytes
    } else {
        normalized = crlf_to_lf(bytes);
        &normalized
    };
    let mut sha = sha1_smol::Sha1::new();
    sha.update(format!("blob {}\0", bytes.len()).as_bytes());
    sha.update(bytes);
    sha.digest().to_string()
}

fn crlf_to_lf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            i += 1;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// The blob id of a file as it is now.
pub fn blob_of(path: &Path) -> Result<String> {
    let bytes = fs_err::read(path)?;
    Ok(blob_id(&bytes))
}

/// Whether every file of `kata` is as shipped, and no file was added: the kata is not started.
pub fn untouched(root: &Path, kata: &Kata, shipped: &Shipped) -> bool {
    let Some(record) = shipped.get(&kata.name) else {
        return false;
    };
    // Every file, not only the ones the learner is asked to edit: a kata broken elsewhere (its
    // manifest, a new module) must be run to show what is wrong, not called "not started".
    let Ok(present) = crate::catalog::kata_files(root, kata) else {
        return false;
    };
    present.len() == record.len()
        && present.iter().all(|file| {
            let path = root.join(kata.dir()).join(file);
            record
                .get(file)
                .is_some_and(|blob| blob_of(&path).ok().as_ref() == Some(blob))
        })
}

/// The bytes of a shipped file, from the repository's history (whatever was committed since).
pub fn fetch(root: &Path, blob: &str) -> Result<Vec<u8>> {
    if !blob.chars().all(|c| c.is_ascii_hexdigit()) || blob.len() != 40 {
        bail!("`{blob}` is not a git blob id");
    }
    let output = Command::new("git")
        .args(["cat-file", "blob", blob])
        .current_dir(root)
        .output()
        .context("running git (the katas' shipped files come from the repository's history)")?;
    if !output.status.success() {
        bail!("git cat-file: {}", String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(output.stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blob_ids_are_gits_and_blind_to_windows_line_endings() {
        // `printf 'hello\n' | git hash-object --stdin`
        assert_eq!(blob_id(b"hello\n"), "ce013625030ba8dba906f756967f9e9ca394464a");
        assert_eq!(blob_id(b"hello\r\n"), blob_id(b"hello\n"));
        assert_ne!(
            blob_id(b"hello\0\r\n"),
            blob_id(b"hello\0\n"),
            "binary files are hashed as they are"
        );
    }

    #[test]
    fn reads_a_record() {
        let record = parse("[queue]\n\"src/lib.rs\" = \"ce013625030ba8dba906f756967f9e9ca394464a\"\n").unwrap();
        assert_eq!(
            record["queue"]["src/lib.rs"],
            "ce013625030ba8dba906f756967f9e9ca394464a"
        );
        assert!(parse("[queue]\n\"src/lib.rs\" = 3\n").is_err());
    }
}
