//! The harness's promises, proven on variants of the queue program: a correct one passes with an
//! exact simulated time, a sequential one is judged too slow with a timeline, and a deadlocking,
//! a spinning and a blocking one each fail fast, naming their cause.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::time::{Duration, Instant};

use kata_harness::queue::{Floor, ITEMS, Ledger, QUEUE_SIZE};
use kata_harness::{Run, Sim, TimeBound, simulate};
use tokio::sync::{Mutex, mpsc};

#[derive(Clone, Copy)]
enum Variant {
    /// Ten consumers sharing the receiver: the fastest correct program.
    Correct,
    /// One consumer: correct, but ten times slower than it could be.
    Sequential,
    /// `run` keeps a sender alive, so the consumers wait forever.
    Deadlock,
    /// The consumer polls with `try_recv` in a loop that never awaits.
    Spin,
    /// The consumer works with `std::thread::sleep`, blocking the runtime thread.
    Block,
    /// Two consumers share the receiver behind a `std::sync::Mutex` held across the wait.
    StdMutex,
}

async fn program(floor: Floor, variant: Variant) -> u64 {
    let consumers = if let Variant::Correct = variant { 10 } else { 1 };
    let (tx, rx) = mpsc::channel::<u32>(QUEUE_SIZE);
    let kept = matches!(variant, Variant::Deadlock).then(|| tx.clone());
    let producer = {
        let floor = floor.clone();
        tokio::spawn(async move {
            for item in floor.items() {
                if tx.send(item).await.is_err() {
                    return;
                }
                floor.rest().await;
            }
        })
    };
    match variant {
        Variant::StdMutex => return std_mutex_consumers(floor, rx).await,
        Variant::Spin => return spinning_consumer(floor, rx).await,
        _ => {}
    }
    let rx = Arc::new(Mutex::new(rx));
    let mut handles = Vec::new();
    for n in 1..=consumers {
        let (floor, rx) = (floor.clone(), rx.clone());
        handles.push(tokio::spawn(async move {
            let id = format!("c{n}");
            let mut total = 0u64;
            loop {
                let Some(item) = rx.lock().await.recv().await else {
                    break;
                };
                if let Variant::Block = variant {
                    std::thread::sleep(kata_harness::queue::WORK_TIME);
                } else {
                    floor.work(&id, item).await.unwrap();
                }
                total += u64::from(item);
            }
            total
        }));
    }
    let mut total = 0;
    for handle in handles {
        total += handle.await.unwrap();
    }
    producer.await.unwrap();
    drop(kept);
    total
}

/// A consumer that polls the queue in a loop that never awaits while it is empty.
async fn spinning_consumer(floor: Floor, mut rx: mpsc::Receiver<u32>) -> u64 {
    let mut total = 0;
    loop {
        match rx.try_recv() {
            Ok(item) => {
                floor.work("c1", item).await.unwrap();
                total += u64::from(item);
            }
            Err(mpsc::error::TryRecvError::Empty) => continue,
            Err(mpsc::error::TryRecvError::Disconnected) => return total,
        }
    }
}

/// Two consumers sharing the receiver behind a `std::sync::Mutex`, each holding the guard while
/// it waits for an item. Not `Send`, so joined in place instead of spawned.
#[allow(clippy::await_holding_lock)] // the mistake this variant makes on purpose
async fn std_mutex_consumers(floor: Floor, rx: mpsc::Receiver<u32>) -> u64 {
    let rx = std::sync::Mutex::new(rx);
    let consumer = |id: &'static str| {
        let (floor, rx) = (floor.clone(), &rx);
        async move {
            let mut total = 0;
            loop {
                let mut queue = rx.lock().unwrap();
                let Some(item) = queue.recv().await else { break };
                drop(queue);
                floor.work(id, item).await.unwrap();
                total += u64::from(item);
            }
            total
        }
    };
    let (a, b) = tokio::join!(consumer("c1"), consumer("c2"));
    a + b
}

fn run((floor, ledger): (Floor, Ledger), variant: Variant) -> (Ledger, Run<u64>) {
    let sim = Sim::new(Duration::from_secs(60))
        .recorder(ledger.recorder())
        .deadlock_hint("a sender is still alive");
    let run = simulate(sim, move || program(floor, variant));
    (ledger, run)
}

/// Runs a variant that must fail; returns the failure message and the real time it took.
fn failure_of(variant: Variant) -> (String, Duration) {
    let opened = Floor::open();
    let started = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| run(opened, variant)));
    let took = started.elapsed();
    match result {
        Ok((_, run)) => panic!("expected a failure, but the run finished in {:?}", run.elapsed),
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            (message, took)
        }
    }
}

fn queue_bound() -> TimeBound {
    TimeBound {
        lower: Duration::from_millis(1090),
        derivation: "the last item is put at 0.99 s and needs 0.10 s of work".into(),
        tolerance: 0.05,
        one_at_a_time: Some((Duration::from_secs(10), "100 × 100 ms".into())),
    }
}

#[test]
fn a_correct_program_takes_exactly_its_simulated_time() {
    let (floor, run) = run(Floor::open(), Variant::Correct);
    assert_eq!(run.value, (0..ITEMS).map(u64::from).sum::<u64>());
    assert_eq!(run.elapsed, Duration::from_millis(1090));
    assert!(queue_bound().check(run.elapsed).is_ok());
    assert_eq!(floor.work_done().len(), ITEMS as usize);
    // Identical on every run: simulated time does not depend on the machine.
    assert_eq!(self::run(Floor::open(), Variant::Correct).1.elapsed, run.elapsed);
}

#[test]
fn a_sequential_program_is_too_slow_and_shown_on_a_timeline() {
    let (floor, run) = run(Floor::open(), Variant::Sequential);
    assert_eq!(run.elapsed, Duration::from_secs(10));
    let failure = queue_bound().check(run.elapsed).unwrap_err();
    let message = failure
        .timeline(kata_harness::timeline::render(&floor.recorder().spans(), run.elapsed))
        .to_string();
    for needle in [
        "too slow",
        "10.00 s",
        "at most 1.14 s",
        "lower bound 1.09 s",
        "why",
        "timeline",
        "c1",
        "producer",
    ] {
        assert!(message.contains(needle), "missing {needle:?} in:\n{message}");
    }
}

#[test]
fn a_deadlock_fails_at_once_and_says_so() {
    let (message, took) = failure_of(Variant::Deadlock);
    assert!(took < Duration::from_secs(1), "took {took:?}");
    for needle in [
        "never finished",
        "deadlocked",
        "a sender is still alive",
        "nothing happened after 10.00 s",
    ] {
        assert!(message.contains(needle), "missing {needle:?} in:\n{message}");
    }
}

#[test]
fn a_busy_loop_fails_fast_and_says_so() {
    let (message, took) = failure_of(Variant::Spin);
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert!(message.contains("busy loop"), "{message}");
    assert!(message.contains("try_recv"), "{message}");
}

#[test]
fn a_blocking_sleep_fails_fast_and_says_so() {
    let (message, took) = failure_of(Variant::Block);
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert!(message.contains("blocking call"), "{message}");
    assert!(message.contains("std::thread::sleep"), "{message}");
}

#[test]
fn a_std_mutex_held_across_a_wait_fails_fast_and_says_so() {
    let (message, took) = failure_of(Variant::StdMutex);
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert!(message.contains("blocking call"), "{message}");
    assert!(message.contains("std::sync::Mutex"), "{message}");
}

#[test]
fn a_panic_is_reported_with_its_message() {
    let result = catch_unwind(|| simulate(Sim::new(Duration::from_secs(1)), || async { panic!("boom") }));
    let payload = result.unwrap_err();
    let message = payload.downcast_ref::<String>().unwrap();
    assert!(message.contains("panicked") && message.contains("boom"), "{message}");
}

#[test]
fn a_deadlock_on_the_real_clock_is_told_in_real_time_terms() {
    let started = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| {
        let sim = Sim::new(Duration::from_millis(300)).real_time();
        simulate(sim, || async {
            let (_tx, mut rx) = mpsc::channel::<u32>(1);
            // A timer keeps going beside the wait, as the blocking kata's heartbeat does.
            let beat = tokio::spawn(async {
                loop {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            });
            let got = rx.recv().await;
            beat.abort();
            got
        })
    }));
    let message = match result {
        Ok(run) => panic!("expected a failure, but the run returned {:?}", run.value),
        Err(payload) => payload.downcast_ref::<String>().cloned().unwrap_or_default(),
    };
    assert!(message.contains("never finished"), "{message}");
    assert!(message.contains("real clock"), "{message}");
    assert!(!message.contains("simulated"), "{message}");
    assert!(!message.contains("no timer is pending"), "{message}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_blocking_job_waiting_on_the_async_side_fails_fast_with_its_cause() {
    let started = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| {
        simulate(Sim::new(Duration::from_secs(60)), || async {
            let (tx, mut rx) = mpsc::channel::<u32>(1);
            // The job waits for the async side, which first waits for a timer: a paused clock
            // does not move while a blocking job runs, so the timer never fires.
            let job = tokio::task::spawn_blocking(move || rx.blocking_recv());
            tokio::time::sleep(Duration::from_millis(10)).await;
            let _ = tx.send(1).await;
            job.await.ok().flatten()
        })
    }));
    let took = started.elapsed();
    let message = match result {
        Ok(run) => panic!("expected a failure, but the run returned {:?}", run.value),
        Err(payload) => payload.downcast_ref::<String>().cloned().unwrap_or_default(),
    };
    assert!(message.contains("blocking job"), "{message}");
    assert!(took < Duration::from_secs(5), "took {took:?}: {message}");
}
