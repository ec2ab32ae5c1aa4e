//! Runs the pipeline kata's spec against the reference solution: the very file the kata runs.

use solution_pipeline as subject;

#[path = "../../../katas/pipeline/tests/spec/mod.rs"]
mod spec;

fn main() -> std::process::ExitCode {
    kata_harness::main(spec::tests())
}
