//! For workshops: `prepare` gets a laptop ready to work offline, `bench` measures how quickly
//! learners get their verdicts.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use crate::catalog::{self, Kata};
use crate::process;

fn version(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).output().ok()?;
    output.status.success().then(|| {
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_owned()
    })
}

fn step(what: &str, mut command: Command, limit: Duration) -> Result<Duration> {
    print!("{what} … ");
    use std::io::Write as _;
    std::io::stdout().flush()?;
    let outcome = process::run(std::mem::replace(&mut command, Command::new("true")), limit)?;
    if !outcome.success {
        println!("failed");
        bail!("{what} failed:\n{}", outcome.stderr);
    }
    println!("{:.1} s", outcome.took.as_secs_f64());
    Ok(outcome.took)
}

/// Fetches and builds everything a learner needs, so that the katas and the book work without
/// a network afterwards; reports the toolchain and anything missing.
pub fn prepare(root: &Path) -> Result<()> {
    println!("Preparing this machine for the workshop (works offline afterwards).\n");
    let mut missing = Vec::new();
    for (name, program, args) in [
        ("rustc", "rustc", &["--version"][..]),
        ("cargo", "cargo", &["--version"][..]),
        ("rustfmt", "rustfmt", &["--version"][..]),
        ("clippy", "cargo", &["clippy", "--version"][..]),
        ("git", "git", &["--version"][..]),
    ] {
        match version(program, args) {
            Some(v) => println!("  {name:<8} {v}"),
            None => {
                println!("  {name:<8} MISSING");
                missing.push(name);
            }
        }
    }
    println!();
    let mut fetch = process::cargo(root);
    fetch.args(["fetch", "--locked"]);
    step(
        "Downloading every dependency (cargo fetch)",
        fetch,
        Duration::from_secs(1800),
    )?;
    let mut learn = process::cargo(root);
    learn.args(["build", "--quiet", "--offline", "-p", "learn"]);
    step(
        "Building the learner's tool (cargo kata, progress, hint, reset-kata)",
        learn,
        Duration::from_secs(1800),
    )?;
    let katas = catalog::load(root)?;
    for kata in &katas {
        // Each kata on its own, as a learner builds it: its own set of tokio features.
        let mut build = process::cargo(root);
        build.args(["test", "--no-run", "--quiet", "--offline", "-p", &kata.package()]);
        // A kata a learner is half-way through may not compile; its dependencies are built all
        // the same, which is what the room needs. Say so and go on.
        if let Err(err) = step(
            &format!("Building {}", kata.package()),
            build,
            Duration::from_secs(1800),
        ) {
            let first = format!("{err:#}");
            let first = first
                .lines()
                .find(|l| l.starts_with("error"))
                .unwrap_or("see cargo test");
            println!(
                "  {} does not compile as it is now ({first}); its dependencies are built.",
                kata.dir()
            );
        }
    }
    let started = Instant::now();
    print!("Building the book … ");
    crate::book::build(root)?;
    println!("{:.1} s", started.elapsed().as_secs_f64());
    println!();
    if missing.is_empty() {
        println!("Ready. Without a network, this works: cargo test -p kata-queue --offline");
        println!("The book: cargo run -p workbook --offline -- serve");
    } else {
        println!(
            "Missing: {} — install before the workshop (rustup component add …).",
            missing.join(", ")
        );
    }
    Ok(())
}

/// Where `prepare --usb` puts the crates a copied checkout needs.
pub const OFFLINE: &str = "target/offline";

/// Makes this checkout carry its crates, so that a copy of it works on a laptop that has only
/// the Rust toolchain and no network: every crate of `Cargo.lock` is vendored into
/// `target/offline/crates`, and `target/offline/config.toml` tells cargo to take crates from
/// there. That file's path is relative to itself, so it holds wherever the copy is put.
///
/// Cargo keeps downloaded crates in the user's home (`~/.cargo/registry`), not in the checkout:
/// without this, a copied folder — even one with `target/` — cannot build offline.
pub fn prepare_for_copies(root: &Path) -> Result<()> {
    prepare(root)?;
    let offline = root.join(OFFLINE);
    let mut vendor = process::cargo(root);
    vendor
        .args(["vendor", "--locked", "--versioned-dirs", "--quiet"])
        .arg(offline.join("crates"));
    step(
        "Copying every crate into target/offline/crates (cargo vendor)",
        vendor,
        Duration::from_secs(1800),
    )?;
    fs_err::write(
        offline.join("config.toml"),
        "# Written by `cargo prepare --usb`: take every crate from the copy next to this file.\n\
         # Use it on a laptop that got this folder copied:\n\
         #   cargo --config target/offline/config.toml test -p kata-queue --offline\n\
         [source.crates-io]\nreplace-with = \"prepared-crates\"\n\n\
         [source.prepared-crates]\n# Relative to target/, the folder holding offline/.\ndirectory = \"offline/crates\"\n",
    )?;
    println!(
        "\nThis folder can now be copied (target/ included) to a laptop without a network. There, in\n\
         the copy, give cargo the crates that came with it:\n\n\
         \x20   cargo --config target/offline/config.toml test -p kata-queue --offline\n\
         \x20   cargo --config target/offline/config.toml run -p workbook --offline -- serve\n\n\
         (cargo keeps crates in each user's home, not in the folder: the flag points it at the copy)"
    );
    Ok(())
}

/// Times a learner's loop for every kata — the first verdict on a fresh checkout (cold) and the
/// verdict after an edit (warm) — the whole `cargo test` (warm), and the simulated time the
/// solutions' specs cover.
pub fn bench(root: &Path) -> Result<()> {
    let katas = catalog::load(root)?;
    // Inside the checkout's own build folder: the tool writes nothing outside the checkout.
    let cold_dir = process::target_dir(root).join("bench-cold");
    println!("Time to a verdict (cargo test -p kata-…; cold = nothing built yet, warm = after an edit),");
    println!("and the lines a learner sees for the kata as shipped (with RUST_BACKTRACE unset / =1)");
    println!(
        "{:<20} {:>8} {:>8} {:>7} {:>7}",
        "kata", "cold", "warm", "lines", "lines=1"
    );
    let mut hint_cold = None;
    for kata in &katas {
        let cold = time_spec(root, kata, Some(&cold_dir))?;
        if hint_cold.is_none() {
            // The learner's tool, right after their first kata: what `cargo hint` costs first.
            let mut hint = process::cargo(root);
            hint.args(["run", "--quiet", "-p", "learn", "--", "hint", &kata.name, "1"])
                .env("CARGO_TARGET_DIR", &cold_dir);
            hint_cold = Some(process::run(hint, Duration::from_secs(600))?.took);
        }
        let edited = root.join(kata.dir()).join(&kata.edit[0]);
        let text = fs_err::read(&edited)?;
        fs_err::write(&edited, &text)?; // a save, as an editor does: new mtime, same bytes
        let warm = time_spec(root, kata, Some(&cold_dir))?;
        let lines = |backtrace: bool| -> Result<usize> {
            let mut test = process::cargo(root);
            test.args(["test", "-p", &kata.package()])
                .env("CARGO_TARGET_DIR", &cold_dir);
            if backtrace {
                test.env("RUST_BACKTRACE", "1");
            } else {
                test.env_remove("RUST_BACKTRACE");
            }
            let outcome = process::run(test, Duration::from_secs(600))?;
            Ok(outcome.stdout.lines().count() + outcome.stderr.lines().count())
        };
        println!(
            "{:<20} {:>7.1}s {:>7.1}s {:>7} {:>7}",
            kata.package(),
            cold.as_secs_f64(),
            warm.as_secs_f64(),
            lines(false)?,
            lines(true)?
        );
        let _ = fs_err::remove_dir_all(&cold_dir);
    }
    if let Some(took) = hint_cold {
        println!(
            "\n`cargo hint` on first use, after one kata was built: {:.1} s (builds the learner's tool)",
            took.as_secs_f64()
        );
    }
    println!();
    let mut all = process::cargo(root);
    all.args(["test", "--quiet"]);
    let took = process::run(all, Duration::from_secs(3600))?.took;
    println!(
        "The whole `cargo test` (already built once): {:.1} s",
        took.as_secs_f64()
    );
    println!();
    println!("Simulated time the solutions' specs cover");
    let mut total = Duration::ZERO;
    for kata in &katas {
        let log = process::target_dir(root).join(format!("bench-sim-{}.tsv", kata.name));
        let _ = fs_err::remove_file(&log);
        let mut spec = process::cargo(root);
        spec.args(["test", "--quiet", "-p", &kata.solution_package()])
            .env(kata_harness_sim_log(), &log);
        let outcome = process::run(spec, Duration::from_secs(600))?;
        let text = fs_err::read_to_string(&log).unwrap_or_default();
        let _ = fs_err::remove_file(&log);
        let covered: f64 = text
            .lines()
            .filter_map(|l| l.split('\t').nth(1)?.parse::<f64>().ok())
            .sum();
        let runs = text.lines().count();
        total += Duration::from_secs_f64(covered);
        let note = if runs == 0 { " (real-time spec)" } else { "" };
        println!(
            "{:<22} {:>10} in {runs} simulated runs, {:.2} s of real time{note}",
            kata.solution_package(),
            fmt_seconds(covered),
            outcome.took.as_secs_f64()
        );
    }
    println!("{:<22} {:>10}", "in all", fmt_seconds(total.as_secs_f64()));
    Ok(())
}

fn kata_harness_sim_log() -> &'static str {
    // The harness's `SIM_LOG`; spelled out here so the workbook does not build the harness.
    "ASYNC_KATAS_SIM_LOG"
}

fn time_spec(root: &Path, kata: &Kata, target: Option<&Path>) -> Result<Duration> {
    let mut command = process::cargo(root);
    command.args(["test", "--quiet", "-p", &kata.package()]);
    if let Some(target) = target {
        command.env("CARGO_TARGET_DIR", target);
    }
    let started = Instant::now();
    let outcome = process::run(command, Duration::from_secs(1800))?;
    if outcome.timed_out {
        bail!("{} did not finish", kata.package());
    }
    Ok(started.elapsed())
}
/// Seconds as a person reads them: `42.55 s`, `2 min 5 s`.
fn fmt_seconds(secs: f64) -> String {
    if secs < 60.0 {
        format!("{secs:.2} s")
    } else {
        let whole = secs.round() as u64;
        let (h, m, s) = (whole / 3600, whole / 60 % 60, whole % 60);
        if h > 0 {
            format!("{h} h {m} min {s} s")
        } else {
            format!("{m} min {s} s")
        }
    }
}
