//! A JoinSet next to asyncio's TaskGroup: what happens to the other tasks when one
//! fails, and when the set goes away.
use std::time::Duration;
use tokio::task::{JoinSet, yield_now};
use tokio::time::{Instant, sleep};

/// Says so when a task is dropped before it was done.
struct Progress {
    name: &'static str,
    start: Instant,
    done: bool,
}

impl Drop for Progress {
    fn drop(&mut self) {
        if !self.done {
            let at = self.start.elapsed().as_secs_f64();
            println!("{at:>4.1} s    {}: dropped before it was done", self.name);
        }
    }
}

/// Works `secs` seconds, then succeeds, or fails if `fails`.
async fn task(
    name: &'static str,
    secs: u64,
    fails: bool,
    start: Instant,
) -> Result<&'static str, String> {
    let mut progress = Progress {
        name,
        start,
        done: false,
    };
    sleep(Duration::from_secs(secs)).await;
    progress.done = true;
    let at = start.elapsed().as_secs_f64();
    if fails {
        println!("{at:>4.1} s    {name}: fails");
        return Err(format!("{name} broke"));
    }
    println!("{at:>4.1} s    {name}: done");
    Ok(name)
}

fn three_tasks(start: Instant) -> JoinSet<Result<&'static str, String>> {
    let mut set = JoinSet::new();
    set.spawn(task("a", 1, true, start));
    set.spawn(task("b", 3, false, start));
    set.spawn(task("c", 2, false, start));
    set
}

/// Waits for the first error, then stops the others the way `how` says.
async fn first_error(how: &str) {
    println!("-- the first error, then {how}");
    let start = Instant::now();
    let t = || format!("{:>4.1} s", start.elapsed().as_secs_f64());
    let mut set = three_tasks(start);
    while let Some(joined) = set.join_next().await {
        if let Err(err) = joined.unwrap() {
            println!("{}  caller: {err}", t());
            break;
        }
    }
    if how == "drop(set)" {
        drop(set); // asks every task to stop, and returns at once
        println!("{}  caller: drop(set) returned", t());
        yield_now().await; // the tasks are dropped when the runtime gets to them
    } else {
        set.shutdown().await; // asks, then waits until every task is gone
        println!("{}  caller: shutdown() returned", t());
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    first_error("drop(set)").await;
    first_error("shutdown()").await;

    println!("-- the end of a block: the set is dropped, nothing waits");
    let start = Instant::now();
    {
        let _set = three_tasks(start);
        sleep(Duration::from_millis(500)).await;
        let at = start.elapsed().as_secs_f64();
        println!("{at:>4.1} s  caller: leaving the block");
    }
    yield_now().await;

    println!("-- join_all(): every task waited for, no matter who fails");
    let start = Instant::now();
    let results = three_tasks(start).join_all().await;
    let at = start.elapsed().as_secs_f64();
    println!("{at:>4.1} s  caller: join_all() returned {results:?}");
}
