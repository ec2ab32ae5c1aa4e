//! The learner's tool on a workbook of its own: a small git repository with one kata, made in
//! cargo's scratch folder for tests (`target/tmp`), driven through the real `learn` binary from
//! the folder a learner would run it in. Each test is one way the tool once harmed a learner's
//! machine or work.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SHIPPED_LIB: &str = "//! The demo kata.\n\npub fn answer() -> u32 {\n    todo!()\n}\n";
const LEARNERS_LIB: &str = "//! The demo kata.\n\npub fn answer() -> u32 {\n    42\n}\n";

/// A fresh workbook in `target/tmp/learn-<name>`, committed, with its shipped record.
fn workbook(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("learn-{name}"));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("katas/demo/src")).unwrap();
    std::fs::create_dir_all(root.join("katas/demo/tests/spec")).unwrap();
    std::fs::write(root.join("Cargo.toml"), "[workspace]\n").unwrap();
    std::fs::write(
        root.join("katas/info.toml"),
        r#"[[kata]]
name = "demo"
title = "A demo"
edit = ["src/lib.rs"]

[[kata.problem]]
title = "answer"
goal = "Answer."
hints = ["Think.", "42."]
"#,
    )
    .unwrap();
    std::fs::write(root.join("katas/demo/src/lib.rs"), SHIPPED_LIB).unwrap();
    let spec = "kata_harness::spec! { problem1_answers }\n";
    std::fs::write(root.join("katas/demo/tests/spec/mod.rs"), spec).unwrap();
    let record = format!(
        "[demo]\n\"src/lib.rs\" = \"{}\"\n\"tests/spec/mod.rs\" = \"{}\"\n",
        learn::shipped::blob_id(SHIPPED_LIB.as_bytes()),
        learn::shipped::blob_id(spec.as_bytes()),
    );
    std::fs::write(root.join("katas/shipped.toml"), record).unwrap();
    git(&root, &["init", "-q"]);
    git(&root, &["add", "."]);
    git(
        &root,
        &["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "shipped"],
    );
    root
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git").args(args).current_dir(dir).status().unwrap();
    assert!(status.success(), "git {args:?}");
}

/// Runs `learn <args>` from `dir`, as a learner would from their checkout.
fn learn(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_learn"))
        .args(args)
        .current_dir(dir)
        .env_remove("CARGO_TARGET_DIR")
        .output()
        .unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn lib(root: &Path) -> String {
    std::fs::read_to_string(root.join("katas/demo/src/lib.rs")).unwrap()
}

fn kept(root: &Path) -> Vec<PathBuf> {
    let mut kept: Vec<PathBuf> = std::fs::read_dir(root.join(".kept/demo"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    kept.sort();
    kept
}

#[test]
fn reset_restores_the_kata_and_keeps_the_learners_version() {
    let root = workbook("restore");
    std::fs::write(root.join("katas/demo/src/lib.rs"), LEARNERS_LIB).unwrap();
    let out = learn(&root.join("katas/demo/src"), &["reset", "demo", "--yes"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(lib(&root), SHIPPED_LIB);
    let kept = kept(&root);
    assert_eq!(kept.len(), 1);
    assert_eq!(
        std::fs::read_to_string(kept[0].join("src/lib.rs")).unwrap(),
        LEARNERS_LIB
    );
}

#[test]
fn two_resets_in_one_second_keep_both_versions() {
    let root = workbook("twice");
    for version in ["first", "second"] {
        std::fs::write(root.join("katas/demo/src/lib.rs"), format!("// {version}\n")).unwrap();
        let out = learn(&root, &["reset", "demo", "--yes"]);
        assert!(out.status.success(), "{}", text(&out));
    }
    let kept: Vec<String> = kept(&root)
        .iter()
        .map(|k| std::fs::read_to_string(k.join("src/lib.rs")).unwrap())
        .collect();
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert!(kept.contains(&"// first\n".to_owned()) && kept.contains(&"// second\n".to_owned()));
}

#[cfg(unix)]
#[test]
fn reset_never_deletes_through_a_link_out_of_the_kata() {
    let root = workbook("links");
    let victim = root.join("victim");
    std::fs::create_dir_all(&victim).unwrap();
    std::fs::write(victim.join("precious.txt"), "mine").unwrap();
    std::os::unix::fs::symlink(&victim, root.join("katas/demo/src/notes")).unwrap();
    std::os::unix::fs::symlink(victim.join("precious.txt"), root.join("katas/demo/src/link.rs")).unwrap();
    std::fs::write(root.join("katas/demo/src/lib.rs"), LEARNERS_LIB).unwrap();
    let out = learn(&root, &["reset", "demo", "--yes"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(std::fs::read_to_string(victim.join("precious.txt")).unwrap(), "mine");
    assert_eq!(lib(&root), SHIPPED_LIB);
}

#[test]
fn reset_refuses_a_record_that_leaves_the_kata() {
    let root = workbook("escape");
    let blob = learn::shipped::blob_id(SHIPPED_LIB.as_bytes());
    std::fs::write(
        root.join("katas/shipped.toml"),
        format!("[demo]\n\"../../outside.rs\" = \"{blob}\"\n"),
    )
    .unwrap();
    std::fs::write(root.join("katas/demo/src/lib.rs"), LEARNERS_LIB).unwrap();
    let out = learn(&root, &["reset", "demo", "--yes"]);
    assert!(!out.status.success());
    assert!(text(&out).contains("outside the kata"), "{}", text(&out));
    assert!(!root.join("outside.rs").exists());
    assert_eq!(lib(&root), LEARNERS_LIB, "nothing changes when the record is refused");
}

#[test]
fn a_moved_copy_drives_itself_not_the_original() {
    let original = workbook("original");
    let copy = original.with_file_name("learn-copy");
    let _ = std::fs::remove_dir_all(&copy);
    copy_tree(&original, &copy);
    std::fs::write(original.join("katas/demo/src/lib.rs"), LEARNERS_LIB).unwrap();
    std::fs::write(copy.join("katas/demo/src/lib.rs"), LEARNERS_LIB).unwrap();
    // Even with the original gone.
    let moved = original.with_file_name("learn-original-moved");
    let _ = std::fs::remove_dir_all(&moved);
    std::fs::rename(&original, &moved).unwrap();
    let out = learn(&copy, &["reset", "demo", "--yes"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(lib(&copy), SHIPPED_LIB);
    assert_eq!(lib(&moved), LEARNERS_LIB, "the original is untouched");
    assert!(!original.exists(), "nothing recreated the original folder");
}

#[test]
fn windows_line_endings_read_as_shipped() {
    let root = workbook("crlf");
    std::fs::write(root.join("katas/demo/src/lib.rs"), SHIPPED_LIB.replace('\n', "\r\n")).unwrap();
    let out = learn(&root, &["reset", "demo", "--yes"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("already as shipped"), "{}", text(&out));
    assert!(kept(&root).is_empty());
}

#[test]
fn a_broken_record_names_its_file() {
    let root = workbook("broken");
    std::fs::write(root.join("katas/shipped.toml"), "[demo\n").unwrap();
    let out = learn(&root, &["reset", "demo", "--yes"]);
    assert!(!out.status.success());
    assert!(text(&out).contains("shipped.toml"), "{}", text(&out));
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&source, &target);
        } else {
            std::fs::copy(&source, &target).unwrap();
        }
    }
}
