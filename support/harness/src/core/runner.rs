//! Running a learner's program in simulated time, with a watchdog for what the clock can't see.
//!
//! Two things can keep a program from finishing, and they need different detectors:
//!
//! 1. **Everything waits** (a deadlock: a consumer waiting on a channel whose sender is still
//!    alive somewhere). The runtime goes idle, and on a paused clock an idle runtime jumps
//!    straight to the next timer — here the run's time limit. So the deadlock shows up as
//!    "ran out of simulated time" in microseconds of real time.
//! 2. **The runtime thread is kept busy** (a busy loop, `std::thread::sleep`, a blocking receive,
//!    a `std::sync::Mutex` held across a wait). The paused clock only moves when the runtime is
//!    idle, so it stalls too, and the simulated limit may never fire. So the program runs on a
//!    thread of its own, and the test thread keeps real time: a healthy simulated run spends a
//!    few milliseconds of real time outside of idle, whatever its simulated length, so one that
//!    has been busy for seconds is stuck. How much CPU the thread burned while busy tells a busy
//!    loop (all CPU) from a blocking call (none).

use std::any::Any;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, OnceLock, mpsc};
use std::time::Duration;

use super::failure::{Failure, fmt_duration};
use super::record::{Drawn, Recorder};
use super::spec::{note_run, panic_message};

/// How to run and judge one simulated run.
#[derive(Clone, Debug)]
pub struct Sim {
    /// Simulated time the run may take (real time with [`Sim::real_time`]).
    limit: Duration,
    /// Real time the runtime thread may spend busy (not idle), in all, before it counts as stuck
    /// in a busy loop or a blocking call. A simulated run needs milliseconds.
    busy_limit: Duration,
    /// Real time the runtime may sit idle at one stretch, waiting on something outside it (a
    /// `spawn_blocking` job), before it counts as stuck.
    idle_limit: Duration,
    /// Real time the whole run may take, whatever it is doing.
    wall_limit: Duration,
    deadlock_hint: String,
    recorder: Option<Arc<dyn Drawn>>,
    settle_blocking: bool,
    real_time: bool,
    blocking_threads: Option<usize>,
}

impl Sim {
    /// A run that must finish within `limit` of simulated time. Pick a limit well past the
    /// slowest correct program (the one-at-a-time version, say): reaching it costs nothing,
    /// because an idle runtime jumps there at once.
    pub fn new(limit: Duration) -> Self {
        Self {
            limit,
            busy_limit: Duration::from_secs(2),
            idle_limit: Duration::from_secs(3),
            wall_limit: Duration::from_secs(10),
            deadlock_hint: String::new(),
            recorder: None,
            settle_blocking: false,
            real_time: false,
            blocking_threads: None,
        }
    }

    /// Runs on the real clock instead of the paused one: for work a paused clock can't see,
    /// like blocking calls. The time limit is then real time too, and a program may keep the
    /// runtime thread busy for up to 8 s (a computation on a loaded machine) before it counts
    /// as stuck.
    pub fn real_time(mut self) -> Self {
        self.real_time = true;
        self.busy_limit = self.busy_limit.max(Duration::from_secs(8));
        self.wall_limit = self.wall_limit.max(self.limit + Duration::from_secs(2));
        self
    }

    /// Real time the runtime thread may spend busy (not idle), in all, before the run counts as
    /// stuck in a busy loop or a blocking call: for a real-time world whose healthy runs keep
    /// the thread busy for milliseconds, so that a stuck run is named sooner than
    /// [`Sim::real_time`]'s 8 s.
    pub fn busy_limit(mut self, limit: Duration) -> Self {
        self.busy_limit = limit;
        self
    }

    /// The most threads `spawn_blocking` may use (the runtime builder's `max_blocking_threads`).
    pub fn blocking_threads(mut self, threads: usize) -> Self {
        self.blocking_threads = Some(threads);
        self
    }

    /// After the program returns, let the blocking work it left in flight finish before the
    /// run counts as over — a `tokio::fs::File` write still on its way to the disk, say — so
    /// that what a spec reads afterwards does not depend on a race with another thread. The
    /// runtime gets one blocking thread, and a marker job queued after everything else.
    pub fn settle_blocking_work(mut self) -> Self {
        self.settle_blocking = true;
        self
    }

    /// What a deadlock usually means in this kata; shown when the run never finishes.
    pub fn deadlock_hint(mut self, hint: impl Into<String>) -> Self {
        self.deadlock_hint = hint.into();
        self
    }

    /// The recorder of the world the program runs in: its clock starts with the run, and its
    /// spans are drawn when the run fails. Any world's recorder will do, whatever its key type.
    pub fn recorder<K: Clone + std::fmt::Debug + Send + 'static>(mut self, recorder: &Recorder<K>) -> Self {
        self.recorder = Some(Arc::new(recorder.clone()));
        self
    }
}

/// A run that finished.
#[derive(Debug)]
pub struct Run<T> {
    /// What the program returned.
    pub value: T,
    /// Simulated time from start to finish (real time with [`Sim::real_time`]).
    pub elapsed: Duration,
    /// The thread the runtime ran on: where the program's async code ran.
    pub runtime_thread: std::thread::ThreadId,
}

/// What the runtime thread tells the watchdog while it runs. Real times are nanoseconds since
/// `epoch`; the hooks run on the runtime thread each time it goes idle (parks) or wakes.
struct Probe {
    epoch: std::time::Instant,
    /// Real time spent busy in finished busy stretches.
    busy_nanos: AtomicU64,
    /// When the current stretch (busy or idle) began.
    since_nanos: AtomicU64,
    /// 1 while the thread is parked (idle).
    parked: AtomicU64,
    /// Simulated nanoseconds since the start, as of the last park.
    sim_nanos: AtomicU64,
    /// The run's first simulated instant.
    origin: OnceLock<tokio::time::Instant>,
}

impl Probe {
    fn new() -> Self {
        Self {
            epoch: std::time::Instant::now(),
            busy_nanos: AtomicU64::new(0),
            since_nanos: AtomicU64::new(0),
            parked: AtomicU64::new(0),
            sim_nanos: AtomicU64::new(0),
            origin: OnceLock::new(),
        }
    }

    fn now(&self) -> u64 {
        self.epoch.elapsed().as_nanos() as u64
    }

    fn park(&self) {
        let now = self.now();
        self.busy_nanos
            .fetch_add(now.saturating_sub(self.since_nanos.load(Relaxed)), Relaxed);
        self.since_nanos.store(now, Relaxed);
        self.parked.store(1, Relaxed);
        if let Some(origin) = self.origin.get() {
            let sim = tokio::time::Instant::now().saturating_duration_since(*origin);
            self.sim_nanos.store(sim.as_nanos() as u64, Relaxed);
        }
    }

    fn unpark(&self) {
        self.since_nanos.store(self.now(), Relaxed);
        self.parked.store(0, Relaxed);
    }

    /// Real time busy so far, and how long the thread has been idle if it is idle now.
    fn read(&self) -> (Duration, Option<Duration>) {
        let now = self.now();
        let stretch = now.saturating_sub(self.since_nanos.load(Relaxed));
        let done = self.busy_nanos.load(Relaxed);
        if self.parked.load(Relaxed) == 1 {
            (Duration::from_nanos(done), Some(Duration::from_nanos(stretch)))
        } else {
            (Duration::from_nanos(done + stretch), None)
        }
    }

    fn sim_now(&self) -> Duration {
        Duration::from_nanos(self.sim_nanos.load(Relaxed))
    }
}

enum Ending<T> {
    Finished(T, Duration),
    OutOfTime,
}

type Report<T> = Result<Ending<T>, Box<dyn Any + Send>>;

/// Runs the future that `make` builds on a fresh single-threaded runtime with a paused clock,
/// and returns its value and simulated duration.
///
/// Panics — failing the test with a message that names the likely cause — when the program
/// deadlocks, spins, blocks the runtime thread, or panics itself. Tasks still running when the
/// future returns are dropped with the runtime.
#[track_caller]
pub fn simulate<F, Fut>(sim: Sim, make: F) -> Run<Fut::Output>
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future + 'static,
    Fut::Output: Send + 'static,
{
    note_run(true);
    let probe = Arc::new(Probe::new());
    let (report_tx, report_rx) = mpsc::channel::<Report<Fut::Output>>();
    let (tid_tx, tid_rx) = mpsc::channel::<Option<String>>();

    let thread_probe = probe.clone();
    let limit = sim.limit;
    let recorder = sim.recorder.clone();
    let options = Options {
        settle: sim.settle_blocking,
        real_time: sim.real_time,
        blocking_threads: sim.blocking_threads,
    };
    let (thread_tx, thread_rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("kata-runtime".into())
        .spawn(move || {
            let _ = tid_tx.send(schedstat_path());
            let _ = thread_tx.send(std::thread::current().id());
            let report = catch_unwind(AssertUnwindSafe(|| {
                run_paused(thread_probe, limit, recorder, options, make)
            }));
            // The watchdog may have given up on us already; nobody to tell then.
            let _ = report_tx.send(report);
        })
        .expect("could not start the runtime thread");
    let schedstat = tid_rx.recv().ok().flatten();
    let runtime_thread = thread_rx.recv().expect("the runtime thread starts by saying who it is");

    match watch(&sim, &probe, schedstat.as_deref(), &report_rx) {
        Ok(Ending::Finished(value, elapsed)) => {
            note_run(false);
            if !sim.real_time {
                log_simulated(elapsed);
            }
            Run {
                value,
                elapsed,
                runtime_thread,
            }
        }
        Ok(Ending::OutOfTime) => out_of_time(&sim).fail(),
        Err(payload) => Failure::new("the program panicked")
            .measured(format!("panic: {}", panic_message(&*payload)))
            .expected("a value (or an `Err`) returned from the run")
            .hint(
                "read the panic message above; an `unwrap()` on a channel, a task's `JoinHandle` or \
                 the simulated work is the usual source — handle the case instead of unwrapping",
            )
            .with_timeline(&sim, None)
            .fail(),
    }
}

/// How the runtime is built.
#[derive(Clone, Copy)]
struct Options {
    settle: bool,
    real_time: bool,
    blocking_threads: Option<usize>,
}

fn run_paused<F, Fut>(
    probe: Arc<Probe>,
    limit: Duration,
    recorder: Option<Arc<dyn Drawn>>,
    options: Options,
    make: F,
) -> Ending<Fut::Output>
where
    F: FnOnce() -> Fut,
    Fut: Future,
{
    let park_probe = probe.clone();
    let unpark_probe = probe.clone();
    let mut builder = tokio::runtime::Builder::new_current_thread();
    if options.settle {
        builder.max_blocking_threads(1);
    } else if let Some(threads) = options.blocking_threads {
        builder.max_blocking_threads(threads);
    }
    let runtime = builder
        .enable_all()
        .start_paused(!options.real_time)
        .on_thread_park(move || park_probe.park())
        .on_thread_unpark(move || unpark_probe.unpark())
        .build()
        .expect("could not build the tokio runtime");
    let ending = runtime.block_on(async move {
        if let Some(recorder) = &recorder {
            recorder.start_clock();
        }
        let start = *probe.origin.get_or_init(tokio::time::Instant::now);
        match tokio::time::timeout(limit, make()).await {
            Ok(value) => {
                let elapsed = start.elapsed();
                if options.settle {
                    let _ = tokio::task::spawn_blocking(|| ()).await;
                }
                Ending::Finished(value, elapsed)
            }
            Err(_) => Ending::OutOfTime,
        }
    });
    // Don't wait for blocking jobs the program may have left behind.
    runtime.shutdown_background();
    ending
}

/// Waits for the runtime thread's report, in real time, and gives up on a stuck thread.
#[track_caller]
fn watch<T>(sim: &Sim, probe: &Probe, schedstat: Option<&str>, reports: &mpsc::Receiver<Report<T>>) -> Report<T> {
    let started = std::time::Instant::now();
    let cpu_at_start = schedstat.and_then(cpu_time);
    // When the simulated clock last moved, and how busy the thread had been by then.
    let (mut clock_seen, mut clock_moved, mut busy_then) = (probe.sim_now(), started, Duration::ZERO);
    loop {
        match reports.recv_timeout(Duration::from_millis(20)) {
            Ok(report) => return report,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                Failure::new("the runtime thread died without a word (this is a harness bug)").fail()
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        let (busy, idle) = probe.read();
        if busy >= sim.busy_limit {
            let cpu = match (schedstat.and_then(cpu_time), cpu_at_start) {
                (Some(now), Some(start)) => Some(now.saturating_sub(start)),
                _ => None,
            };
            busy_failure(sim, probe, busy, cpu).fail();
        }
        // On the real clock a runtime may rightly wait seconds for a socket; only a paused
        // clock's long wait means a blocking job that does not end.
        if let Some(idle) = idle.filter(|idle| !sim.real_time && *idle >= sim.idle_limit) {
            idle_failure(sim, probe, idle).fail();
        }
        if probe.sim_now() != clock_seen {
            (clock_seen, clock_moved, busy_then) = (probe.sim_now(), std::time::Instant::now(), busy);
        }
        let frozen = clock_moved.elapsed();
        // Short parks, one after another (a timer waking the runtime to no avail): one long park
        // is a job that does not end, which the idle detector explains.
        let waking = idle.is_none_or(|idle| idle < FROZEN_LIMIT / 2);
        if !sim.real_time && waking && frozen >= FROZEN_LIMIT && busy.saturating_sub(busy_then) < frozen / 10 {
            frozen_failure(sim, probe, frozen).fail();
        }
        let wall = started.elapsed();
        if wall >= sim.wall_limit {
            let sim_now = probe.sim_now();
            Failure::new(format!("the run took too long in real time ({})", fmt_duration(wall)))
                .measured(format!(
                    "still running after {} of real time; the simulated clock stood at {}",
                    fmt_duration(wall),
                    fmt_duration(sim_now)
                ))
                .expected("a simulated run finishes in milliseconds of real time")
                .why(
                    "the runtime kept going idle, yet the simulated clock barely moved: something \
                     is waking it over and over without time passing (a loop around `sleep(0)` or \
                     `yield_now()`, a zero timeout, two tasks handing a message back and forth)",
                )
                .hint("make the waiting part wait for something that happens: a message, a timer with a real duration")
                .with_timeline(sim, Some(sim_now))
                .fail();
        }
    }
}

fn out_of_time(sim: &Sim) -> Failure {
    let limit = fmt_duration(sim.limit);
    let clock = if sim.real_time { "real" } else { "simulated" };
    let last = sim.recorder.as_ref().map(|recorder| recorder.last_activity());
    let idle = last.is_none_or(|last| last + sim.limit / 10 < sim.limit);
    let mut failure = if idle {
        let measured = match last {
            Some(last) => format!(
                "nothing happened after {} of {clock} time, and the run was still waiting at {limit}",
                fmt_duration(last)
            ),
            None => format!("still waiting after {limit} of {clock} time"),
        };
        let why = if sim.real_time {
            // A real clock can't jump over idle stretches: all the run can do is wait out its limit.
            "every task is waiting for something that never comes — a message nobody sends, a \
             lock nobody releases, a task that is itself waiting: the program is deadlocked. This \
             spec runs on the real clock, so it could only find out by waiting for its time limit"
        } else {
            "when every task is waiting and no timer is pending, nothing will ever wake them \
             again: the program is deadlocked (it found out in microseconds of real time, \
             because a simulated clock jumps over idle stretches)"
        };
        Failure::new("the program never finished: it is waiting for something that never comes")
            .measured(measured)
            .expected(format!("the run returns well before {limit}"))
            .why(why)
    } else {
        Failure::new(format!("the program was still working after {limit} of {clock} time"))
            .measured(format!("still busy at {limit}, far past any reasonable finish"))
            .expected(format!("the run returns well before {limit}"))
            .why(if sim.real_time {
                "it keeps working: a loop that never reaches its end condition?"
            } else {
                "it keeps doing simulated work or sleeping: a loop that never reaches its end condition?"
            })
    };
    if !sim.deadlock_hint.is_empty() {
        failure = failure.hint(sim.deadlock_hint.clone());
    }
    failure.with_timeline(sim, None)
}

/// Real time a paused clock may stand still while the runtime is all but idle. A simulated run
/// moves its clock every few milliseconds of real time.
const FROZEN_LIMIT: Duration = Duration::from_secs(2);

/// The paused clock stood still while the runtime slept in short stretches: tokio does not
/// advance a paused clock while a `spawn_blocking` job runs, so a job that waits for the async
/// side — which waits for a timer — holds everything up, one short park after another.
fn frozen_failure(sim: &Sim, probe: &Probe, frozen: Duration) -> Failure {
    Failure::new("the simulated clock stopped: a blocking job is waiting for the async side")
        .measured(format!(
            "for {} of real time the simulated clock stood still at {}, and the runtime was idle all along",
            fmt_duration(frozen),
            fmt_duration(probe.sim_now())
        ))
        .expected("a simulated run keeps its clock moving and finishes in milliseconds of real time")
        .why(
            "tokio does not move a paused clock while a `spawn_blocking` job runs (the job might be \
             doing real work), so no timer can fire; if the job waits for something the async side \
             only does after a timer (`blocking_recv`, `blocking_lock`, a `std::sync` channel fed by a \
             task), neither side can go on",
        )
        .hint(
            "let a blocking job do its own work and return; have the async side wait for the job, \
             not the job for the async side",
        )
        .with_timeline(sim, None)
}

fn idle_failure(sim: &Sim, probe: &Probe, idle: Duration) -> Failure {
    Failure::new("the runtime is waiting for work outside it that does not end")
        .measured(format!(
            "the runtime has been idle for {} of real time, with the simulated clock stopped at {}",
            fmt_duration(idle),
            fmt_duration(probe.sim_now())
        ))
        .expected("a simulated run finishes in milliseconds of real time")
        .why(
            "the simulated clock does not move while a `spawn_blocking` job (or real I/O) is still \
             running, so the runtime is waiting on that job, and the job is not finishing",
        )
        .hint("look for a blocking job that waits for something the async side would only do later")
        .with_timeline(sim, None)
}

fn busy_failure(sim: &Sim, probe: &Probe, busy: Duration, cpu: Option<Duration>) -> Failure {
    let sim_now = fmt_duration(probe.sim_now());
    let measured = match cpu {
        // On the real clock there is no simulated clock to speak of.
        _ if sim.real_time => format!(
            "the runtime thread was busy — not waiting for a socket, a timer or a message — for {} \
             of real time{}; a run of this kata keeps it busy for a small part of that",
            fmt_duration(busy),
            cpu.map(|cpu| format!(" (using {} of CPU)", fmt_duration(cpu)))
                .unwrap_or_default()
        ),
        Some(cpu) => format!(
            "the runtime thread was kept busy for {} of real time (using {} of CPU) and the \
             simulated clock got to {sim_now}; a simulated run needs milliseconds",
            fmt_duration(busy),
            fmt_duration(cpu)
        ),
        None => format!(
            "the runtime thread was kept busy for {} of real time and the simulated clock got to \
             {sim_now}; a simulated run needs milliseconds",
            fmt_duration(busy)
        ),
    };
    // A blocked thread uses next to no CPU (a thread that sleeps 100 ms at a time: well under 1 %);
    // a spinning one uses what it can get — less than all of a core when other stuck threads
    // compete for the machine, but far more than a blocked one.
    let spinning = cpu.map(|cpu| cpu.as_secs_f64() >= busy.as_secs_f64() * 0.05);
    let (title, why, hint) = match spinning {
        Some(true) => (
            "a busy loop is hogging the runtime thread",
            "it burns CPU without awaiting anything that waits, so no other task — and no timer — \
             gets a turn: on a single-threaded runtime everything else stops, the clock included",
            "replace the polling loop (`try_recv()` or a flag checked in a loop, even one that calls \
             `yield_now()`) with an await that waits: `rx.recv().await`, `sleep(..).await`, \
             `notify.notified().await`. A loop waiting for a `std::time::Instant` to pass never \
             ends here: the spec's clock is tokio's paused one, which `std::time` does not see",
        ),
        Some(false) => (
            "a blocking call is holding up the runtime thread",
            "the thread sits inside calls that block it (using no CPU); while it does, no other \
             task can run, because a task can only hand over the thread at an `.await`",
            "look for `std::thread::sleep` (use `tokio::time::sleep(..).await`), a blocking receive \
             (`std::sync::mpsc::Receiver::recv`), a `std::sync::Mutex` locked twice or held across \
             an `.await` (use `tokio::sync::Mutex`), or blocking file or network I/O (move it into \
             `tokio::task::spawn_blocking`)",
        ),
        None => (
            "the runtime thread is stuck: a busy loop or a blocking call",
            "no other task can run until the thread comes back to the scheduler at an `.await`",
            "look for a loop that never awaits, `std::thread::sleep`, a blocking receive, or a \
             `std::sync::Mutex` held across an `.await`",
        ),
    };
    let (expected, hint) = if sim.real_time {
        (
            "a runtime thread that spends most of a real-time run waiting, and comes back to the \
             scheduler at an `.await` every few milliseconds",
            // The paused clock's caveat does not apply on the real clock.
            hint.split(". A loop waiting for a `std::time::Instant`")
                .next()
                .unwrap_or(hint),
        )
    } else {
        ("a simulated run finishes in milliseconds of real time", hint)
    };
    Failure::new(title)
        .measured(measured)
        .expected(expected)
        .why(why)
        .hint(hint)
        .with_timeline(sim, None)
}

/// The environment variable naming a file to which every finished run appends a line
/// `<test name>\t<simulated seconds>`: how the workbook measures the simulated time specs cover.
pub const SIM_LOG: &str = "ASYNC_KATAS_SIM_LOG";

fn log_simulated(elapsed: Duration) {
    let Some(path) = std::env::var_os(SIM_LOG) else { return };
    let test = std::thread::current().name().unwrap_or("?").to_owned();
    let line = format!("{test}\t{:.6}\n", elapsed.as_secs_f64());
    let file = std::fs::OpenOptions::new().create(true).append(true).open(path);
    if let Ok(mut file) = file {
        use std::io::Write as _;
        let _ = file.write_all(line.as_bytes());
    }
}

/// Where the kernel keeps this thread's CPU time (Linux), as seen from any thread.
fn schedstat_path() -> Option<String> {
    let link = std::fs::read_link("/proc/thread-self").ok()?;
    Some(format!("/proc/{}/schedstat", link.to_str()?))
}

/// CPU time a thread has used so far, from `/proc/<pid>/task/<tid>/schedstat`.
fn cpu_time(path: &str) -> Option<Duration> {
    let text = std::fs::read_to_string(path).ok()?;
    let nanos = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

impl Failure {
    /// The run's timeline, if its world recorded anything: up to `end`, or its last activity.
    fn with_timeline(self, sim: &Sim, end: Option<Duration>) -> Self {
        match sim.recorder.as_deref().and_then(|recorder| recorder.picture(end)) {
            Some(picture) if sim.real_time => self.timeline_headed("real time, one row per worker", picture),
            Some(picture) => self.timeline(picture),
            None => self,
        }
    }
}
