//! `cargo kata`: the learner's loop, as rustlings' watch mode does it.
//!
//! It runs the current kata's spec, clears the screen, and shows a bar of the kata's problems
//! over the spec's one-screen verdict. Every save under `katas/` (debounced: an editor's save is
//! several file events) runs it again; a save during a run ends that run and starts another, so
//! a runaway program never freezes the loop. When the kata is solved, it moves on to the next.
//!
//! Only writes count: cargo *reads* the katas' manifests and specs on every run, and those
//! reads are file events too. An editor's save is several writes, so a save is the first write
//! and whatever follows within [`QUIET`].

use std::io::{Read, Write as _};
use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify::{Event, EventKind, RecursiveMode, Watcher as _};

use crate::catalog::{self, Kata};
use crate::{commands, process, spec};

/// A run longer than this is ended (the runner's own limits end any check much sooner).
const RUN_LIMIT: Duration = Duration::from_secs(300);
/// Writes closer together than this are one save.
const QUIET: Duration = Duration::from_millis(200);
/// How long a solved kata stays on screen before the next one starts.
const MOVE_ON_AFTER: Duration = Duration::from_secs(5);

/// How a run of the spec ended.
enum Ran {
    Finished {
        stdout: String,
        stderr: String,
        checks: spec::SpecRun,
    },
    /// A file was saved while it ran: start again.
    Interrupted,
    TimedOut,
}

pub fn watch(root: &Path, kata: Option<&str>) -> Result<()> {
    let katas = catalog::load(root)?;
    let mut current = match kata {
        Some(name) => catalog::find(root, name)?,
        None => commands::current(root)?.0,
    };
    let (tx, saves) = std::sync::mpsc::channel::<Saves>();
    let mut watcher = notify::recommended_watcher(tx).context("starting the file watcher")?;
    watcher
        .watch(&root.join("katas"), RecursiveMode::Recursive)
        .context("watching katas/")?;
    loop {
        clear();
        println!("Async Katas · checking {} …", current.dir());
        let _ = std::io::stdout().flush();
        let ran = run(root, &current, &saves)?;
        let Ran::Finished { stdout, stderr, checks } = ran else {
            if let Ran::TimedOut = ran {
                println!(
                    "\nThe spec did not finish within {} s; save a file to try again.",
                    RUN_LIMIT.as_secs()
                );
                wait_for_save(&saves, None);
            }
            continue;
        };
        clear();
        header(&katas, &current, &checks);
        if checks.checks.is_empty() {
            // It did not compile (or the runner did not run): the compiler's words matter.
            println!("{}", compiler_part(&stderr));
        } else {
            println!("{}", verdict_part(&stdout));
        }
        let solved = !checks.checks.is_empty() && checks.checks.values().all(|c| c.passed);
        let next = katas.iter().skip_while(|k| k.name != current.name).nth(1).cloned();
        match (solved, next) {
            (true, Some(next)) => {
                println!(
                    "\nOn to {} in {} s — or save a file to stay with {}.",
                    next.package(),
                    MOVE_ON_AFTER.as_secs(),
                    current.name
                );
                if !wait_for_save(&saves, Some(MOVE_ON_AFTER)) {
                    current = next;
                }
            }
            _ => {
                println!("\nWatching katas/ — save a file to check again · Ctrl-C to stop");
                wait_for_save(&saves, None);
            }
        }
    }
}

/// Runs the kata's spec, ending it early when a file is saved meanwhile.
fn run(root: &Path, kata: &Kata, saves: &Receiver<Saves>) -> Result<Ran> {
    let report = spec::report_path(root, &kata.package());
    if let Some(dir) = report.parent() {
        fs_err::create_dir_all(dir)?;
    }
    let _ = fs_err::remove_file(&report);
    let mut cargo = process::cargo(root);
    cargo
        .args(["test", "-p", &kata.package(), "--color", "always"])
        .env(spec::REPORT, &report)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = process::spawn(cargo)?;
    let collect = |stream: Option<Box<dyn Read + Send>>| {
        let text = Arc::new(Mutex::new(String::new()));
        let sink = text.clone();
        let reader = std::thread::spawn(move || {
            if let Some(mut stream) = stream {
                let mut buffer = String::new();
                let _ = stream.read_to_string(&mut buffer);
                *sink.lock().unwrap_or_else(|e| e.into_inner()) = buffer;
            }
        });
        (text, reader)
    };
    let (out, out_reader) = collect(child.stdout.take().map(|s| Box::new(s) as Box<dyn Read + Send>));
    let (err, err_reader) = collect(child.stderr.take().map(|s| Box::new(s) as Box<dyn Read + Send>));
    let started = Instant::now();
    let ended = loop {
        if child.try_wait()?.is_some() {
            break None;
        }
        if saved(saves) {
            break Some(Ran::Interrupted);
        }
        if started.elapsed() >= RUN_LIMIT {
            break Some(Ran::TimedOut);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    if let Some(ran) = ended {
        process::stop(&mut child);
        return Ok(ran);
    }
    let _ = (out_reader.join(), err_reader.join());
    let stdout = std::mem::take(&mut *out.lock().unwrap_or_else(|e| e.into_inner()));
    let stderr = std::mem::take(&mut *err.lock().unwrap_or_else(|e| e.into_inner()));
    let checks = spec::SpecRun {
        checks: spec::read_report(&report).unwrap_or_default(),
        compiled: true,
        took: started.elapsed(),
        ..spec::SpecRun::default()
    };
    Ok(Ran::Finished { stdout, stderr, checks })
}

type Saves = notify::Result<Event>;

/// Whether a file that matters was written since the last look (build output does not count).
fn saved(saves: &Receiver<Saves>) -> bool {
    let mut any = false;
    while let Ok(event) = saves.try_recv() {
        any |= is_save(&event);
    }
    if any {
        settle(saves);
    }
    any
}

/// Waits for a save (for at most `limit`), then for the writes to settle; whether one came.
fn wait_for_save(saves: &Receiver<Saves>, limit: Option<Duration>) -> bool {
    let deadline = limit.map(|l| Instant::now() + l);
    loop {
        let event = match deadline {
            Some(deadline) => match saves.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(event) => event,
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return false,
            },
            None => match saves.recv() {
                Ok(event) => event,
                Err(_) => return false,
            },
        };
        if is_save(&event) {
            settle(saves);
            return true;
        }
    }
}

/// Swallows the rest of a save: events until [`QUIET`] passes without one.
fn settle(saves: &Receiver<Saves>) {
    while saves.recv_timeout(QUIET).is_ok() {}
}

/// A write, a new file or a removed one under `katas/`, outside build output and hidden files.
fn is_save(event: &Saves) -> bool {
    let Ok(event) = event else { return false };
    let writes = matches!(
        event.kind,
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(_)
    ) && !matches!(event.kind, EventKind::Modify(notify::event::ModifyKind::Metadata(_)));
    writes && event.paths.iter().any(|p| matters(p))
}

fn matters(path: &Path) -> bool {
    !path.components().any(|c| {
        let c = c.as_os_str().to_string_lossy();
        c == "target" || c.starts_with('.') || c.ends_with('~')
    })
}

fn clear() {
    // Clear the screen and the scrollback, and go home: one verdict on screen at a time.
    print!("\x1b[2J\x1b[3J\x1b[H");
}

/// `kata 5 of 6 · queue — Producers and consumers   [✓ ✓ ✗ ·] 2 of 4 problems`
fn header(katas: &[Kata], kata: &Kata, run: &spec::SpecRun) {
    let position = katas.iter().position(|k| k.name == kata.name).map_or(0, |i| i + 1);
    let marks: Vec<&str> = (1..=kata.problems.len())
        .map(|n| match run.problem(n) {
            (0, _) => "·",
            (checks, passed) if passed == checks => "✓",
            _ => "✗",
        })
        .collect();
    let solved = marks.iter().filter(|m| **m == "✓").count();
    println!(
        "Async Katas · kata {position} of {} · {} — {}   [{}] {solved} of {} problems",
        katas.len(),
        kata.name,
        kata.title,
        marks.join(" "),
        kata.problems.len()
    );
}

/// The runner's one-screen verdict, without libtest's framing lines.
fn verdict_part(stdout: &str) -> String {
    stdout
        .lines()
        .filter(|l| !l.starts_with("running ") && !l.starts_with("test result:"))
        .collect::<Vec<_>>()
        .join("\n")
        .trim_end()
        .to_owned()
}

/// The compiler's messages, without cargo's progress lines.
fn compiler_part(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| {
            let plain = l.trim_start();
            !(plain.contains("Compiling") || plain.contains("Finished") || plain.contains("Running"))
        })
        .collect();
    let shown: Vec<&str> = lines.iter().take(50).copied().collect();
    let mut text = shown.join("\n");
    if lines.len() > shown.len() {
        text.push_str(&format!(
            "\n… ({} more lines: cargo test shows them all)",
            lines.len() - shown.len()
        ));
    }
    text
}
