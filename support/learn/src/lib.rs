//! The learner's commands: the small tool behind `cargo kata`, `cargo progress`, `cargo hint`
//! and `cargo reset-kata`.
//!
//! It is kept small on purpose: a learner's first `cargo hint` compiles it, and that should
//! take seconds, not the minute mdBook's crates take. So it reads the catalog and the shipped
//! record as plain TOML tables, and leaves the book to the `workbook` tool.
//!
//! - [`project`] finds the workbook from the folder the command runs in, so a moved or copied
//!   checkout drives itself, never the folder it was built in;
//! - [`catalog`] reads `katas/info.toml`: the katas, their problems, goals and hints;
//! - [`shipped`] knows each kata as shipped, to tell untouched katas from started ones;
//! - [`spec`] runs a kata's spec with a time limit and reads the runner's report;
//! - [`process`] runs commands with a time limit and ends them, children included.

pub mod catalog;
pub mod commands;
pub mod process;
pub mod project;
pub mod shipped;
pub mod spec;
pub mod watch;
