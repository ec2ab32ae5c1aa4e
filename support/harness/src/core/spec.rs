//! The spec runner: what `cargo test -p kata-<topic>` runs instead of libtest.
//!
//! A verdict is only worth trusting if nothing the learner writes can fake or hide it. In one
//! process, it can: `std::process::exit(0)` ends a libtest binary with success and no check run;
//! a stack overflow aborts every check at once, naming none; an error whose `Display` never
//! returns hangs the test thread for ever; a runtime thread stuck in a busy loop outlives its
//! check. So the runner keeps the judge and the judged apart:
//!
//! - the **parent** (the test binary as cargo starts it) reads libtest's arguments, runs every
//!   selected check in a **child** process (the same binary, told which check to run), and
//!   decides each verdict from what the child wrote before it ended — a check passes only when
//!   its child says so, after running to the end;
//! - a child that ends without a verdict is explained from how it ended (an exit, an abort, a
//!   stack overflow, a kill), one that stops making progress is ended, and the scratch folder each
//!   child worked in is removed by the parent, whatever the child left running;
//! - the report comes in the spec's order, whatever order the checks finish in: each check's
//!   line, then the first failure in full, then every other failure in one line, a cause shared
//!   with one already shown said once.
//!
//! The output keeps libtest's `test <name> ... ok|FAILED` lines and its closing `test result:`
//! line, so cargo, IDEs and the workbook's tools read it as before; `--list`, `--exact`,
//! `--skip`, `--nocapture` and `--test-threads` work as they do with libtest.

use std::any::Any;
use std::ffi::OsString;
use std::io::{Read, Write as _};
use std::panic;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant, SystemTime};

/// One check of a spec: a function that fails (panics, through [`crate::Failure`]) or returns.
#[derive(Clone, Copy, Debug)]
pub struct SpecTest {
    pub name: &'static str,
    pub run: fn(),
}

/// Lists a spec's checks, in the order the learner should meet them, for [`main`]:
///
/// ```ignore
/// kata_harness::spec! {
///     problem1_finishes,
///     problem1_every_item_consumed_once,
/// }
/// ```
#[macro_export]
macro_rules! spec {
    ($($test:ident),* $(,)?) => {
        /// The spec's checks, in order: what the runner runs.
        pub fn tests() -> ::std::vec::Vec<$crate::SpecTest> {
            ::std::vec![$($crate::SpecTest { name: stringify!($test), run: $test }),*]
        }
    };
}

/// Which check a child runs.
const CHECK: &str = "ASYNC_KATAS_CHECK";
/// Where a child writes its verdict.
const VERDICT: &str = "ASYNC_KATAS_VERDICT";
/// Where a child notes each simulated run as it starts and ends.
const PROGRESS: &str = "ASYNC_KATAS_PROGRESS";
/// The scratch folder a child's [`crate::TempDir`]s go in.
pub(crate) const SCRATCH: &str = "ASYNC_KATAS_SCRATCH";
/// Where the parent reports each verdict for tools: `name \t ok|failed \t millis \t title`.
pub const REPORT: &str = "ASYNC_KATAS_REPORT";

/// How long a child may go on after its last run ended without giving a verdict: the spec's
/// own work between runs takes milliseconds, so this is reading what the program returned (a
/// `Display` that never returns, a `Drop` that blocks).
const AFTER_RUN_LIMIT: Duration = Duration::from_secs(5);
/// The most a single check may take, whatever it does: far past the runner's own limits.
const CHECK_LIMIT: Duration = Duration::from_secs(60);

/// The test binary's `main`: runs the checks `tests` lists, as `cargo test` asked.
pub fn main(tests: Vec<SpecTest>) -> ExitCode {
    if let Some(name) = std::env::var_os(CHECK) {
        child(&tests, &name.to_string_lossy());
    }
    match Args::parse(std::env::args_os().skip(1)) {
        Ok(args) => parent(&tests, &args),
        Err(err) => {
            eprintln!("error: {err}\n\n{USAGE}");
            ExitCode::from(101)
        }
    }
}

const USAGE: &str = "\
usage: cargo test -p kata-<topic> [FILTER] [-- OPTIONS]

Runs the kata's spec, each check in a process of its own.
  FILTER                 run the checks whose names contain FILTER (e.g. problem2)
  --exact                FILTER must match the whole name
  --skip FILTER          leave out the checks whose names contain FILTER
  --list                 list the checks
  --nocapture            let the program's output through as it runs
  -v, --verbose          a line for every check, as libtest prints them
  --test-threads N       how many checks run at once
  -q, --quiet            one character per check";

#[derive(Debug, Default)]
struct Args {
    filters: Vec<String>,
    skip: Vec<String>,
    exact: bool,
    list: bool,
    terse: bool,
    nocapture: bool,
    show_output: bool,
    verbose: bool,
    ignored: bool,
    bench: bool,
    threads: Option<usize>,
}

impl Args {
    fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Self, lexopt::Error> {
        use lexopt::prelude::*;
        let mut parsed = Self::default();
        let mut parser = lexopt::Parser::from_args(args);
        while let Some(arg) = parser.next()? {
            match arg {
                Long("exact") => parsed.exact = true,
                Long("list") => parsed.list = true,
                Long("nocapture" | "no-capture") => parsed.nocapture = true,
                Long("show-output") => parsed.show_output = true,
                Short('v') | Long("verbose") => parsed.verbose = true,
                Long("ignored") => parsed.ignored = true,
                Long("include-ignored") => {}
                Long("bench") => parsed.bench = true,
                Short('q') | Long("quiet") => parsed.terse = true,
                Long("skip") => parsed.skip.push(parser.value()?.string()?),
                Long("test-threads") => parsed.threads = Some(parser.value()?.parse()?),
                Long("format") => match parser.value()?.string()?.as_str() {
                    "terse" => parsed.terse = true,
                    "pretty" => {}
                    other => return Err(format!("--format {other} is not supported by the kata runner").into()),
                },
                // Accepted and ignored, as libtest does where they change nothing here.
                Long("color") | Short('Z') | Long("report-time") | Long("logfile") | Long("shuffle-seed") => {
                    let _ = parser.optional_value();
                }
                Long("test") | Long("shuffle") | Long("ensure-time") => {}
                Long("help") | Short('h') => {
                    println!("{USAGE}");
                    std::process::exit(0);
                }
                Value(filter) => parsed.filters.push(filter.string()?),
                _ => return Err(arg.unexpected()),
            }
        }
        Ok(parsed)
    }

    fn selects(&self, name: &str) -> bool {
        let matches = |filter: &String| {
            if self.exact {
                name == filter
            } else {
                name.contains(filter.as_str())
            }
        };
        (self.filters.is_empty() || self.filters.iter().any(matches)) && !self.skip.iter().any(matches)
    }
}

// ---------------------------------------------------------------------------------------------
// The child: runs one check and writes its verdict.

/// Panics seen on threads other than the check's own: a learner's task that panicked, say.
static PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn child(tests: &[SpecTest], name: &str) -> ! {
    let verdict_file = std::env::var_os(VERDICT).map(PathBuf::from);
    // The parent prints what matters; the default hook's "thread … panicked at" lines and
    // backtraces (with RUST_BACKTRACE set) would only bury it.
    panic::set_hook(Box::new(|info| {
        let thread = std::thread::current();
        if thread.name() == std::env::var(CHECK).ok().as_deref() {
            return;
        }
        let at = info
            .location()
            .map(|l| format!(" (at {}:{})", l.file(), l.line()))
            .unwrap_or_default();
        let who = thread.name().unwrap_or("a thread").to_owned();
        let text = format!("{who}: {}{at}", panic_message(info.payload()));
        if let Ok(mut panics) = PANICS.lock()
            && panics.len() < 5
            && !panics.contains(&text)
        {
            panics.push(text);
        }
    }));
    let verdict = match tests.iter().find(|t| t.name == name) {
        None => format!("failed\nno check named `{name}` in this spec"),
        Some(test) => {
            let run = test.run;
            let outcome = std::thread::Builder::new()
                .name(name.to_owned())
                .spawn(run)
                .map(std::thread::JoinHandle::join);
            match outcome {
                Ok(Ok(())) => "ok\n".to_owned(),
                Ok(Err(payload)) => format!("failed\n{}", panic_message(&*payload)),
                Err(err) => format!("failed\ncould not start the check's thread: {err}"),
            }
        }
    };
    let mut text = verdict;
    if let Ok(panics) = PANICS.lock() {
        for panic in panics.iter() {
            text.push_str(&format!("\n\u{1}panic\t{panic}"));
        }
    }
    let _ = std::io::stdout().flush();
    if let Some(path) = verdict_file {
        let _ = std::fs::write(path, text);
    }
    // Ends every thread the program left running (a busy loop in an abandoned runtime).
    std::process::exit(0)
}

/// Notes in the child's progress file that a simulated run started (`true`) or ended.
pub(crate) fn note_run(started: bool) {
    let Some(path) = std::env::var_os(PROGRESS) else { return };
    if let Ok(mut file) = std::fs::OpenOptions::new().append(true).create(true).open(path) {
        let _ = file.write_all(if started { b"start\n" } else { b"end\n" });
    }
}

pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(a panic with a value that is not a string)".to_owned()
    }
}

// ---------------------------------------------------------------------------------------------
// The parent: runs every check in a child, and reports.

/// What one check came to.
#[derive(Clone, Debug)]
struct Verdict {
    passed: bool,
    /// The failure's first line (its `✗` title, without the mark).
    title: String,
    /// The failure in full.
    message: String,
    /// What the program printed.
    output: String,
    took: Duration,
}

fn parent(tests: &[SpecTest], args: &Args) -> ExitCode {
    let selected: Vec<SpecTest> = if args.ignored || args.bench {
        Vec::new()
    } else {
        tests.iter().copied().filter(|t| args.selects(t.name)).collect()
    };
    if args.list {
        for test in &selected {
            println!("{}: test", test.name);
        }
        if !args.terse {
            println!("\n{} tests, 0 benchmarks", selected.len());
        }
        return ExitCode::SUCCESS;
    }
    sweep_stale_scratch();
    let package = std::env::var("CARGO_PKG_NAME").unwrap_or_else(|_| "the kata".to_owned());
    let started = Instant::now();
    let noun = if selected.len() == 1 { "test" } else { "tests" };
    println!("\nrunning {} {noun}", selected.len());
    let threads = args
        .threads
        .or_else(|| std::env::var("RUST_TEST_THREADS").ok()?.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, usize::from))
        .clamp(1, selected.len().max(1));
    let verdicts = run_all(&selected, threads, args);
    let report = std::env::var_os(REPORT);
    let mut report_lines = String::new();
    for (test, verdict) in selected.iter().zip(&verdicts) {
        report_lines.push_str(&format!(
            "{}\t{}\t{}\t{}\n",
            test.name,
            if verdict.passed { "ok" } else { "failed" },
            verdict.took.as_millis(),
            verdict.title.replace(['\t', '\n'], " ")
        ));
    }
    if let Some(path) = report {
        let _ = std::fs::write(path, report_lines);
    }
    let failed = verdicts.iter().filter(|v| !v.passed).count();
    if args.terse {
        println!();
    }
    summary(&package, tests, &selected, &verdicts, args);
    let passed = verdicts.iter().filter(|v| v.passed).count();
    println!(
        "\ntest result: {}. {passed} passed; {failed} failed; 0 ignored; 0 measured; {} filtered out; finished in {:.2}s\n",
        if failed == 0 { "ok" } else { "FAILED" },
        tests.len() - selected.len(),
        started.elapsed().as_secs_f64()
    );
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(101)
    }
}

/// The problem a check belongs to: `problem2_…` → 2 (0 for a check named otherwise).
fn problem_of(name: &str) -> usize {
    name.strip_prefix("problem")
        .and_then(|rest| rest.split('_').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// One screen: a line per problem, the first failure in full, and what to do next.
fn summary(package: &str, all: &[SpecTest], selected: &[SpecTest], verdicts: &[Verdict], args: &Args) {
    let kata = package
        .strip_prefix("kata-")
        .or_else(|| package.strip_prefix("solution-"))
        .unwrap_or(package);
    let learner = package.starts_with("kata-");
    let catalog = catalog::read(learner);
    let info = catalog.iter().find(|k| k.name == kata);
    let title = |n: usize| {
        info.and_then(|k| k.problems.get(n.wrapping_sub(1)))
            .map(|t| format!(" {t}"))
            .unwrap_or_default()
    };
    let mut numbers: Vec<usize> = all.iter().map(|t| problem_of(t.name)).collect();
    numbers.dedup();
    println!();
    // The causes already shown, and by which problem: a shared cause is said once.
    let mut causes: Vec<(&str, usize)> = Vec::new();
    for &n in &numbers {
        let checks: Vec<(&SpecTest, &Verdict)> = selected
            .iter()
            .zip(verdicts)
            .filter(|(t, _)| problem_of(t.name) == n)
            .collect();
        let label = if n == 0 {
            "other checks".to_owned()
        } else {
            format!("problem {n}")
        };
        if checks.is_empty() {
            println!("  · {label}{} — not checked in this run", title(n));
            continue;
        }
        let failing: Vec<&Verdict> = checks.iter().filter(|(_, v)| !v.passed).map(|(_, v)| *v).collect();
        let Some(first) = failing.first() else {
            println!("  ✓ {label}{}", title(n));
            continue;
        };
        let cause = match causes.iter().find(|(cause, _)| *cause == first.title) {
            Some((_, by)) => format!("the same as problem {by}"),
            None => {
                causes.push((first.title.as_str(), n));
                first.title.clone()
            }
        };
        let more = failing.iter().filter(|v| v.title != first.title).count();
        let more = if more > 0 {
            format!(" (+{more} more)")
        } else {
            String::new()
        };
        println!("  ✗ {label}{} — {cause}{more}", title(n));
    }
    let first = selected.iter().zip(verdicts).find(|(_, v)| !v.passed);
    let Some((test, verdict)) = first else {
        println!();
        if selected.len() < all.len() {
            println!(
                "  The {} checks you ran pass; `cargo test -p {package}` runs them all.",
                selected.len()
            );
        } else if learner {
            println!("  Every problem passes: the {kata} kata is solved.");
            println!("  Compare with the reference solution (spoilers): solutions/{kata}/src/");
            match catalog.iter().skip_while(|k| k.name != kata).nth(1) {
                Some(next) => println!("  Next: {} — cargo test -p kata-{}", next.title, next.name),
                None => println!("  That was the workbook's last kata. Well done."),
            }
        } else {
            println!("  Every check passes.");
        }
        return;
    };
    let n = problem_of(test.name);
    let rule = "─".repeat(60usize.saturating_sub(test.name.chars().count()));
    println!("\n── {} {rule}", test.name);
    println!("{}", verdict.message.trim_matches('\n'));
    if !verdict.output.trim().is_empty() && !args.nocapture {
        println!("\n  what the program printed:");
        for line in verdict.output.trim_end().lines() {
            println!("  │ {line}");
        }
    }
    let passed = verdicts.iter().filter(|v| v.passed).count();
    println!("\n  {passed} of {} checks pass.", selected.len());
    if learner && n > 0 {
        println!("  Work on problem {n}: cargo test -p {package} problem{n}   ·   stuck? cargo hint {kata} {n}");
        if info.is_some() {
            // Every kata's page is `book/<kata>/kata.md`: the path says it, the catalog doesn't.
            println!("  (the book has them too, under each problem on its page {kata}/kata.html: cargo book)");
        }
    }
}

/// What the runner needs of `katas/info.toml`: each kata's name and title and its problems'
/// titles, in order. Read line by line (the file keeps this plain shape) so that a learner's
/// first build does not compile a TOML parser for a few titles.
mod catalog {
    use std::path::PathBuf;

    pub struct Kata {
        pub name: String,
        pub title: String,
        pub problems: Vec<String>,
    }

    /// The catalog beside the crate under test: `katas/info.toml` seen from `katas/<topic>` or
    /// `solutions/<topic>`. Empty when it is not there (a scratch copy of a kata, say).
    pub fn read(kata_crate: bool) -> Vec<Kata> {
        let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from) else {
            return Vec::new();
        };
        let path = if kata_crate {
            dir.join("../info.toml")
        } else {
            dir.join("../../katas/info.toml")
        };
        std::fs::read_to_string(path)
            .map(|text| parse(&text))
            .unwrap_or_default()
    }

    pub fn parse(text: &str) -> Vec<Kata> {
        let mut katas: Vec<Kata> = Vec::new();
        let mut in_problem = false;
        for line in text.lines().map(str::trim) {
            if line == "[[kata]]" {
                katas.push(Kata {
                    name: String::new(),
                    title: String::new(),
                    problems: Vec::new(),
                });
                in_problem = false;
            } else if line == "[[kata.problem]]" {
                if let Some(kata) = katas.last_mut() {
                    kata.problems.push(String::new());
                }
                in_problem = true;
            } else if let Some((key, value)) = line.split_once('=') {
                let (Some(kata), Some(value)) = (katas.last_mut(), string(value.trim())) else {
                    continue;
                };
                match (key.trim(), in_problem) {
                    ("name", false) => kata.name = value,
                    ("title", false) => kata.title = value,
                    ("title", true) => {
                        if let Some(problem) = kata.problems.last_mut() {
                            *problem = value;
                        }
                    }
                    _ => {}
                }
            }
        }
        katas
    }

    /// A basic TOML string on one line: `"…"`, with its `\"` and `\\` escapes.
    fn string(value: &str) -> Option<String> {
        let inner = value.strip_prefix('"')?.strip_suffix('"')?;
        Some(inner.replace("\\\"", "\"").replace("\\\\", "\\"))
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn reads_names_and_titles() {
            let text = "[[kata]]\nname = \"queue\"\ntitle = \"Queues \\\"and\\\" more\"\n\n[[kata.problem]]\ntitle = \"communication\"\ngoal = \"x\"\n\n[[kata]]\nname = \"next\"\ntitle = \"Next\"\n";
            let katas = super::parse(text);
            assert_eq!(katas.len(), 2);
            assert_eq!(katas[0].name, "queue");
            assert_eq!(katas[0].title, "Queues \"and\" more");
            assert_eq!(katas[0].problems, ["communication"]);
            assert_eq!(katas[1].name, "next");
        }
    }
}

/// Runs the checks `threads` at a time, printing each one's line in the spec's order as soon as
/// it and every check before it have a verdict.
fn run_all(tests: &[SpecTest], threads: usize, args: &Args) -> Vec<Verdict> {
    let next = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = mpsc::channel::<(usize, Verdict)>();
    let exe = std::env::current_exe().ok();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let (next, tx, exe) = (next.clone(), tx.clone(), exe.clone());
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(test) = tests.get(i) else { break };
                    let verdict = match &exe {
                        Some(exe) => run_child(exe, test.name, args.nocapture),
                        None => failed("the runner could not find its own program to run the check in"),
                    };
                    if tx.send((i, verdict)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut verdicts: Vec<Option<Verdict>> = vec![None; tests.len()];
        let mut printed = 0;
        for (i, verdict) in rx {
            verdicts[i] = Some(verdict);
            while let Some(Some(verdict)) = verdicts.get(printed) {
                let name = tests[printed].name;
                if args.terse {
                    print!("{}", if verdict.passed { '.' } else { 'F' });
                } else if args.verbose {
                    println!("test {name} ... {}", if verdict.passed { "ok" } else { "FAILED" });
                }
                let _ = std::io::stdout().flush();
                printed += 1;
            }
        }
        verdicts
            .into_iter()
            .map(|v| v.unwrap_or_else(|| failed("the check was never run")))
            .collect()
    })
}

fn failed(title: &str) -> Verdict {
    Verdict {
        passed: false,
        title: title.to_owned(),
        message: format!("✗ {title}"),
        output: String::new(),
        took: Duration::ZERO,
    }
}

/// Runs one check in a child process and judges how it ended.
fn run_child(exe: &Path, name: &str, nocapture: bool) -> Verdict {
    let started = Instant::now();
    let dir = match Scratch::new() {
        Ok(dir) => dir,
        Err(err) => return failed(&format!("could not make a scratch folder for the check: {err}")),
    };
    let verdict_file = dir.path.join("verdict");
    let progress_file = dir.path.join("progress");
    let scratch = dir.path.join("scratch");
    let _ = std::fs::create_dir_all(&scratch);
    let mut command = Command::new(exe);
    command
        .env(CHECK, name)
        .env(VERDICT, &verdict_file)
        .env(PROGRESS, &progress_file)
        .env(SCRATCH, &scratch)
        .stdin(Stdio::null());
    if nocapture {
        command.stdout(Stdio::inherit()).stderr(Stdio::inherit());
    } else {
        command.stdout(Stdio::piped()).stderr(Stdio::piped());
    }
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(err) => return failed(&format!("could not start the check's process: {err}")),
    };
    let output = Arc::new(Mutex::new(String::new()));
    let readers: Vec<_> = [
        child.stdout.take().map(|s| Box::new(s) as Box<dyn Read + Send>),
        child.stderr.take().map(|s| Box::new(s) as Box<dyn Read + Send>),
    ]
    .into_iter()
    .flatten()
    .map(|stream| {
        let output = output.clone();
        std::thread::spawn(move || collect(stream, &output))
    })
    .collect();

    let mut progress_seen = String::new();
    let mut last_change = Instant::now();
    let mut stopped: Option<&str> = None;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) => {}
            Err(_) => break None,
        }
        let progress = std::fs::read_to_string(&progress_file).unwrap_or_default();
        if progress != progress_seen {
            progress_seen = progress;
            last_change = Instant::now();
        }
        let after_run = progress_seen.ends_with("end\n");
        if after_run && last_change.elapsed() >= AFTER_RUN_LIMIT {
            stopped = Some("after-run");
        } else if started.elapsed() >= CHECK_LIMIT {
            stopped = Some("limit");
        }
        if stopped.is_some() {
            let _ = child.kill();
            break child.wait().ok();
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    for reader in readers {
        let _ = reader.join();
    }
    let output = std::mem::take(&mut *output.lock().unwrap_or_else(|e| e.into_inner()));
    let took = started.elapsed();
    let written = std::fs::read_to_string(&verdict_file).ok();
    drop(dir);

    let mut verdict = match (written, stopped) {
        (Some(text), _) => from_child(&text),
        (None, Some("after-run")) => failed_with(
            "the check hung after the program's run had ended",
            &[
                (
                    "measured",
                    format!(
                        "the run returned, then nothing happened for {} s while the spec read what it returned",
                        AFTER_RUN_LIMIT.as_secs()
                    ),
                ),
                (
                    "expected",
                    "the spec reads the value your program returned in microseconds".to_owned(),
                ),
                (
                    "why",
                    "reading it runs your code: formatting an error or a value (`Display`, `Debug`), \
                     comparing it, or dropping it — one of those never returns"
                        .to_owned(),
                ),
                (
                    "try",
                    "look at the `impl Display`/`Debug`/`Drop` of the types your program returns (a \
                     `write!` that formats `self` again, a loop, a lock taken twice)"
                        .to_owned(),
                ),
            ],
        ),
        (None, Some(_)) => failed_with(
            &format!("the check did not finish within {} s", CHECK_LIMIT.as_secs()),
            &[(
                "why",
                "something outside a simulated run kept it going: the runner's own limits end any run \
                 long before this"
                    .to_owned(),
            )],
        ),
        (None, None) => ended_early(status, &output),
    };
    if !nocapture {
        verdict.output = trimmed(&output);
    }
    verdict.took = took;
    verdict
}

/// A child's verdict file: `ok`, or `failed` and the message, then any panics noted.
fn from_child(text: &str) -> Verdict {
    let (body, notes) = match text.split_once("\n\u{1}") {
        Some((body, notes)) => (body, Some(notes)),
        None => (text, None),
    };
    if body.trim() == "ok" {
        return Verdict {
            passed: true,
            title: String::new(),
            message: String::new(),
            output: String::new(),
            took: Duration::ZERO,
        };
    }
    let message = body
        .strip_prefix("failed\n")
        .unwrap_or(body)
        .trim_matches('\n')
        .to_owned();
    let title = message
        .lines()
        .find_map(|l| l.strip_prefix("✗ "))
        .or_else(|| message.lines().find(|l| !l.trim().is_empty()))
        .unwrap_or("the check failed")
        .to_owned();
    let mut message = if message.starts_with("✗ ") {
        message
    } else {
        format!("✗ {message}")
    };
    if let Some(notes) = notes {
        let panics: Vec<&str> = notes
            .split('\u{1}')
            .filter_map(|n| n.trim_end().strip_prefix("panic\t"))
            // A panic the failure already reports (the run's own) is not said twice.
            .filter(|p| {
                !p.split_once(": ")
                    .is_some_and(|(_, text)| message.contains(text.split(" (at ").next().unwrap_or(text)))
            })
            .collect();
        if !panics.is_empty() {
            message.push_str("\n\n  while it ran, something panicked:");
            for panic in panics {
                message.push_str(&format!("\n    {panic}"));
            }
        }
    }
    Verdict {
        passed: false,
        title,
        message,
        output: String::new(),
        took: Duration::ZERO,
    }
}

/// The child ended without a verdict: say how, and what it likely means.
fn ended_early(status: Option<std::process::ExitStatus>, output: &str) -> Verdict {
    let signal = status.and_then(signal_of);
    if output.contains("has overflowed its stack") {
        return failed_with(
            "the program overflowed its stack",
            &[
                (
                    "measured",
                    "the check's process aborted: \"has overflowed its stack\"".to_owned(),
                ),
                (
                    "why",
                    "a function that calls itself without end (or a huge value on the stack); Rust aborts \
                     the whole process, so no check of the run could finish"
                        .to_owned(),
                ),
                (
                    "try",
                    "look for recursion, an async fn that awaits itself, or a very large array".to_owned(),
                ),
            ],
        );
    }
    if output.contains("memory allocation of") {
        return failed_with(
            "the program ran out of memory",
            &[
                (
                    "measured",
                    format!(
                        "the check's process aborted: \"{}\"",
                        first_line_with(output, "memory allocation of")
                    ),
                ),
                (
                    "why",
                    "something grows without bound: a queue nobody drains, a Vec filled in a loop that \
                     never ends"
                        .to_owned(),
                ),
            ],
        );
    }
    match (status.and_then(|s| s.code()), signal) {
        (Some(code), _) => failed_with(
            "the program ended the test process before the check could finish",
            &[
                (
                    "measured",
                    format!("the process exited with code {code}, and the check never gave a verdict"),
                ),
                (
                    "expected",
                    "the check runs to its end; only then does it pass".to_owned(),
                ),
                (
                    "why",
                    "something called `std::process::exit` (or a library did): that ends every check \
                     at once, so a verdict can't be had — and it is never a pass"
                        .to_owned(),
                ),
                (
                    "try",
                    "return from your function (an `Err` for a failure) instead of exiting".to_owned(),
                ),
            ],
        ),
        (None, Some(signal)) => failed_with(
            &format!("the test process was killed by signal {signal}{}", signal_name(signal)),
            &[(
                "why",
                match signal {
                    6 => "an abort: `std::process::abort`, a panic while panicking, or a failed runtime check",
                    9 => "killed from outside: the system's out-of-memory killer, or a person",
                    11 | 7 => "a memory fault, which safe Rust can't cause: a bug in a library?",
                    _ => "something outside the check ended it",
                }
                .to_owned(),
            )],
        ),
        (None, None) => failed("the check's process ended without a verdict"),
    }
}

fn failed_with(title: &str, lines: &[(&str, String)]) -> Verdict {
    let mut message = format!("✗ {title}");
    for (label, text) in lines {
        message.push_str(&format!("\n  {label:<9} {text}"));
    }
    Verdict {
        passed: false,
        title: title.to_owned(),
        message,
        output: String::new(),
        took: Duration::ZERO,
    }
}

fn first_line_with<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines().find(|l| l.contains(needle)).unwrap_or("").trim()
}

#[cfg(unix)]
fn signal_of(status: std::process::ExitStatus) -> Option<i32> {
    use std::os::unix::process::ExitStatusExt as _;
    status.signal()
}

#[cfg(not(unix))]
fn signal_of(_: std::process::ExitStatus) -> Option<i32> {
    None
}

fn signal_name(signal: i32) -> &'static str {
    match signal {
        6 => " (SIGABRT)",
        9 => " (SIGKILL)",
        11 => " (SIGSEGV)",
        7 => " (SIGBUS)",
        15 => " (SIGTERM)",
        _ => "",
    }
}

/// The most of a check's output kept: a program printing in a loop can't fill the memory.
const OUTPUT_LIMIT: usize = 64 * 1024;

fn collect(mut stream: Box<dyn Read + Send>, output: &Mutex<String>) {
    let mut buffer = [0u8; 8192];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                let mut out = output.lock().unwrap_or_else(|e| e.into_inner());
                if out.len() < OUTPUT_LIMIT {
                    out.push_str(&String::from_utf8_lossy(&buffer[..n]));
                }
            }
        }
    }
}

/// The first 20 lines of what a program printed, saying how much more there was.
fn trimmed(output: &str) -> String {
    let lines: Vec<&str> = output.lines().collect();
    let mut text = lines.iter().take(20).copied().collect::<Vec<_>>().join("\n");
    if lines.len() > 20 {
        text.push_str(&format!(
            "\n… ({} more lines; `-- --nocapture` shows them all)",
            lines.len() - 20
        ));
    }
    text
}

/// A folder of the parent's for one child: removed by the parent when the child is over,
/// whatever the child left running or open.
struct Scratch {
    path: PathBuf,
}

const SCRATCH_PREFIX: &str = "async-katas-check-";

impl Scratch {
    fn new() -> std::io::Result<Self> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("{SCRATCH_PREFIX}{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path)?;
        Ok(Self { path })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Removes scratch folders that a runner killed before it could clean up left behind: any
/// older than an hour (no check runs that long).
fn sweep_stale_scratch() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().starts_with("async-katas-") {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|modified| modified < hour_ago);
        if old && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Args {
        Args::parse(list.iter().map(OsString::from)).unwrap()
    }

    #[test]
    fn reads_libtest_arguments() {
        let a = args(&[
            "problem2",
            "--exact",
            "--skip",
            "slow",
            "--test-threads=3",
            "--nocapture",
        ]);
        assert_eq!(a.filters, ["problem2"]);
        assert!(a.exact && a.nocapture);
        assert_eq!(a.skip, ["slow"]);
        assert_eq!(a.threads, Some(3));
        assert!(args(&["--format", "terse", "--list"]).terse);
        assert!(Args::parse([OsString::from("--frobnicate")]).is_err());
    }

    #[test]
    fn selects_by_filter_exact_and_skip() {
        let a = args(&["problem1"]);
        assert!(a.selects("problem1_finishes") && !a.selects("problem2_fast"));
        let a = args(&["problem1_finishes", "--exact"]);
        assert!(a.selects("problem1_finishes") && !a.selects("problem1_finishes_fast"));
        let a = args(&["--skip", "fast"]);
        assert!(a.selects("problem1_finishes") && !a.selects("problem2_fast"));
    }

    #[test]
    fn reads_a_childs_verdict() {
        assert!(from_child("ok\n").passed);
        let v = from_child("failed\n\n✗ too slow: 10 s\n  measured 10 s\n\u{1}panic\tc1: boom (at src/lib.rs:3)");
        assert!(!v.passed);
        assert_eq!(v.title, "too slow: 10 s");
        assert!(v.message.contains("c1: boom"), "{}", v.message);
        let v = from_child("failed\nassertion failed: x");
        assert_eq!(v.title, "assertion failed: x");
    }
}
