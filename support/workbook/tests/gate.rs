//! The gate, as part of `cargo test`: the workbook's promises, checked on every run.
//!
//! The solutions' specs run as part of `cargo test` itself (they are default members); these
//! tests check everything else — that the catalog and the workspace agree, that every kata
//! compiles and fails its spec as shipped (judged from the shipped record, not the working
//! copy, so a learner's work in progress can't turn them red), that every sample prints what
//! the book shows, and that the book builds with no broken link.

use workbook::{gate, root, samples};

fn assert_none(what: &str, problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{what}:\n  {}",
        problems.join("\n  ").replace('\n', "\n  ")
    );
}

#[test]
fn the_catalog_matches_the_workspace() {
    assert_none(
        "the catalog and the workspace disagree",
        gate::check_catalog(&root()).unwrap(),
    );
}

#[test]
fn every_kata_compiles_and_fails_as_shipped() {
    let (lines, problems) = gate::check_shipped_katas(&root()).unwrap();
    println!("{}", lines.join("\n"));
    assert_none("a kata does not fail as shipped", problems);
}

#[test]
fn every_sample_prints_what_the_book_shows() {
    assert_none("the book and its samples disagree", samples::check(&root()).unwrap());
}

#[test]
fn the_book_builds_and_its_links_resolve() {
    assert_none("the book has problems", gate::check_book(&root()).unwrap());
}

#[test]
fn the_shipped_record_is_whole() {
    assert_none(
        "katas/shipped.toml can't restore the katas",
        workbook::record::check_record(&root()).unwrap(),
    );
}

/// For maintainers (CI, or `ASYNC_KATAS_MAINTAINER=1`): a kata changed on purpose must be
/// recorded again. On a learner's checkout the katas differ from their record by design.
#[test]
fn the_katas_are_as_their_shipped_record_for_maintainers() {
    if !workbook::record::maintainer() {
        println!(
            "a learner's checkout: the katas may differ from their record (set ASYNC_KATAS_MAINTAINER=1 to check)"
        );
        return;
    }
    assert_none(
        "a kata differs from katas/shipped.toml",
        workbook::record::check_shipped(&root()).unwrap(),
    );
}
