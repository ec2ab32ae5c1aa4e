//! Runs the streams kata's spec against the reference solution: the very file the kata runs.

use solution_streams as subject;

#[path = "../../../katas/streams/tests/spec/mod.rs"]
mod spec;

fn main() -> std::process::ExitCode {
    kata_harness::main(spec::tests())
}
