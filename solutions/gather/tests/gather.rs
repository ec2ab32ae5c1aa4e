//! Runs the gather kata's spec against the reference solution: the very file the kata runs.

use solution_gather as subject;

#[path = "../../../katas/gather/tests/spec/mod.rs"]
mod spec;

fn main() -> std::process::ExitCode {
    kata_harness::main(spec::tests())
}
