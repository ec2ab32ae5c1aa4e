//! Runs the websocket kata's spec against the reference solution: the very file the kata runs.

use solution_websocket as subject;

#[path = "../../../katas/websocket/tests/spec/mod.rs"]
mod spec;

fn main() -> std::process::ExitCode {
    kata_harness::main(spec::tests())
}
