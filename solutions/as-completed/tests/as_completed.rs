//! Runs the as_completed kata's spec against the reference solution: the very file the kata runs.

use solution_as_completed as subject;

#[path = "../../../katas/as-completed/tests/spec/mod.rs"]
mod spec;

fn main() -> std::process::ExitCode {
    kata_harness::main(spec::tests())
}
