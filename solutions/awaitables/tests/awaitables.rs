//! Runs the awaitables kata's spec against the reference solution: the very file the kata runs.

use solution_awaitables as subject;

#[path = "../../../katas/awaitables/tests/spec/mod.rs"]
mod spec;

fn main() -> std::process::ExitCode {
    kata_harness::main(spec::tests())
}
