//! The catalog of katas (`katas/info.toml`): read by the learner's tool, which the workbook
//! shares, so there is one reader and one set of rules.

pub use learn::catalog::*;
