//! Runs the blocking kata's spec against the reference solution: the very file the kata runs.

use solution_blocking as subject;

#[path = "../../../katas/blocking/tests/spec/mod.rs"]
mod spec;

fn main() -> std::process::ExitCode {
    kata_harness::main(spec::tests())
}
