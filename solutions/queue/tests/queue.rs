//! Runs the queue kata's spec against the reference solution: the very file the kata runs.

use solution_queue as subject;

#[path = "../../../katas/queue/tests/spec/mod.rs"]
mod spec;

fn main() -> std::process::ExitCode {
    kata_harness::main(spec::tests())
}
