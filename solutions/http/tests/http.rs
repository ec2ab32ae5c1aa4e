//! Runs the http kata's spec against the reference solution: the very file the kata runs.

use solution_http as subject;

#[path = "../../../katas/http/tests/spec/mod.rs"]
mod spec;

fn main() -> std::process::ExitCode {
    kata_harness::main(spec::tests())
}
