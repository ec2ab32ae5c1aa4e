//! Runs the websocket kata's spec (`tests/spec/`) against this crate.
//!
//! The same spec runs against the reference solution, so leave the tests as they are: your
//! work goes in `src/`.

use kata_websocket as subject;

mod spec;

fn main() -> std::process::ExitCode {
    kata_harness::main(spec::tests())
}
