//! `cargo run -p workbook -- <command>`: see `help`.

use std::process::ExitCode;

use anyhow::{Result, bail};
use mdbook_preprocessor::Preprocessor as _;
use workbook::{book, gate, preprocess, record, root, samples, serve, variants, workshop};

const HELP: &str = "\
The Async Katas workbook tool.

usage: cargo run -p workbook -- <command>        (or the aliases: cargo book, cargo prepare)

For readers
  serve [--port N]       build the book and serve it on http://127.0.0.1:3000 (or N; 0 lets
                         the system pick), rebuilding when a chapter or sample changes
  build                  check that the samples compile, build the book into target/book
  (the learner's commands — cargo kata, progress, hint, reset-kata — are the `learn` tool's:
   cargo run -p learn -- help)

For workshops
  prepare [--usb]        fetch and build everything once, to work offline afterwards;
                         --usb also copies every crate into target/offline/, so that a copy
                         of this folder works offline on a laptop that was never prepared
  bench                  time every kata's first and next verdict, the whole cargo test,
                         and the simulated time the specs cover

For maintainers
  verify                 the gate: catalog, samples, book and links, every kata fails
                         as shipped, every solution passes (what `cargo test` checks)
  bless                  run every book sample and record its output (book/**/*.out)
  ship                   record the katas as they are now as their shipped state
  new TOPIC              the skeleton of a new chapter and kata: both crates, the spec, the
                         harness world and its feature, the chapter, the catalog entry
  variants [KATA [NAME]] run the spec against every kept learner program (solutions/*/variants)
                         and check each gets its expected verdict: the spec's own test
  preprocess             mdBook's preprocessor protocol, for a global `mdbook`
";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<ExitCode> {
    let root = root();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["serve"] => serve::serve(&root, 3000)?,
        ["serve", "--port", port] => serve::serve(&root, port.parse()?)?,
        ["build"] => {
            let site = book::build(&root)?;
            println!("Built the book: {}", site.join("index.html").display());
        }
        ["verify"] => return verify(&root),
        ["ship"] => {
            record::ship(&root)?;
            println!("Recorded every kata's files in katas/shipped.toml.");
        }
        ["variants"] => return Ok(exit(variants::run(&root, None, None)?)),
        ["variants", kata] => return Ok(exit(variants::run(&root, Some(kata), None)?)),
        ["variants", kata, name] => return Ok(exit(variants::run(&root, Some(kata), Some(name))?)),
        ["new", topic] => {
            for line in workbook::new::new(&root, topic)? {
                println!("{line}");
            }
            println!("{}", workbook::new::next_steps(topic));
        }
        ["prepare"] => workshop::prepare(&root)?,
        ["prepare", "--usb"] => workshop::prepare_for_copies(&root)?,
        ["bench"] => workshop::bench(&root)?,
        ["bless"] => {
            let changed = samples::bless(&root)?;
            if changed.is_empty() {
                println!("Every recorded output was already up to date.");
            }
            for file in changed {
                println!("recorded {}", file.display());
            }
        }
        ["preprocess", "supports", renderer] => {
            let supported = preprocess::Workbook { root }.supports_renderer(renderer)?;
            return Ok(if supported {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        ["preprocess"] => {
            let (ctx, book) = mdbook_preprocessor::parse_input(std::io::stdin())?;
            let book = preprocess::Workbook { root: ctx.root.clone() }.run(&ctx, book)?;
            serde_json::to_writer(std::io::stdout(), &book)?;
        }
        [] | ["help"] => print!("{HELP}"),
        _ if args.iter().any(|a| matches!(*a, "--help" | "-h")) => print!("{HELP}"),
        [command, ..] => {
            let known = [
                "serve",
                "build",
                "verify",
                "bless",
                "ship",
                "variants",
                "new",
                "prepare",
                "bench",
                "preprocess",
            ];
            let guess = learn::catalog::closest(command, &known)
                .map(|c| format!(" — did you mean `{c}`?"))
                .unwrap_or_default();
            bail!("unknown command `{}`{guess}\n\n{HELP}", args.join(" "))
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn exit(ok: bool) -> ExitCode {
    if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

fn verify(root: &std::path::Path) -> Result<ExitCode> {
    let mut problems = Vec::new();
    section(
        "catalog, crates, chapters and specs agree",
        gate::check_catalog(root)?,
        &mut problems,
    );
    section(
        "the katas are as katas/shipped.toml records, and it can restore them",
        [record::check_shipped(root)?, record::check_record(root)?].concat(),
        &mut problems,
    );
    section(
        "every sample prints what the book shows",
        samples::check(root)?,
        &mut problems,
    );
    section(
        "the book builds and its links resolve",
        gate::check_book(root)?,
        &mut problems,
    );
    let (lines, found) = gate::check_shipped_katas(root)?;
    lines.iter().for_each(|l| println!("  {l}"));
    section("every kata fails as shipped", found, &mut problems);
    let (lines, found) = gate::check_solutions(root)?;
    lines.iter().for_each(|l| println!("  {l}"));
    section("every solution passes", found, &mut problems);
    if problems.is_empty() {
        println!("\nThe gate is open: everything checks out.");
        Ok(ExitCode::SUCCESS)
    } else {
        println!("\nThe gate is closed: {} problem(s).", problems.len());
        Ok(ExitCode::FAILURE)
    }
}

fn section(title: &str, found: Vec<String>, problems: &mut Vec<String>) {
    if found.is_empty() {
        println!("✓ {title}");
    } else {
        println!("✗ {title}:");
        for problem in &found {
            println!("    {}", problem.replace('\n', "\n    "));
        }
        problems.extend(found);
    }
}
