//! One child fails. What happens to its sibling, and to the caller, depends on the form.
use std::time::Duration;
use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

async fn child1(start: Instant) -> Result<(), String> {
    sleep(Duration::from_secs(1)).await;
    println!("{:>4.1} s  child1: failing", start.elapsed().as_secs_f64());
    Err("child1 broke".to_string())
}

/// Says so if child2 is dropped before it is done.
struct Progress {
    start: Instant,
    done: bool,
}

impl Drop for Progress {
    fn drop(&mut self) {
        if !self.done {
            let at = self.start.elapsed().as_secs_f64();
            println!("{at:>4.1} s  child2: dropped before it was done");
        }
    }
}

async fn child2(start: Instant) -> Result<(), String> {
    let mut progress = Progress { start, done: false };
    sleep(Duration::from_secs(2)).await;
    println!(
        "{:>4.1} s  child2: still working",
        start.elapsed().as_secs_f64()
    );
    sleep(Duration::from_secs(2)).await;
    println!("{:>4.1} s  child2: exiting", start.elapsed().as_secs_f64());
    progress.done = true;
    Ok(())
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let t = move || format!("{:>4.1} s", start.elapsed().as_secs_f64());

    println!("-- spawned tasks, awaited in order");
    let one = tokio::spawn(child1(start));
    let two = tokio::spawn(child2(start));
    if let Err(err) = one.await.unwrap() {
        println!("{}  caller: {err}; drops child2's handle and moves on", t());
        drop(two);
    }
    sleep(Duration::from_secs(4)).await; // child2 carries on meanwhile

    println!("-- try_join! on the futures");
    let start = Instant::now();
    let t = move || format!("{:>4.1} s", start.elapsed().as_secs_f64());
    let joined = tokio::try_join!(child1(start), child2(start));
    println!(
        "{}  caller: {:?}; child2 was dropped",
        t(),
        joined.unwrap_err()
    );
    sleep(Duration::from_secs(4)).await; // nothing else prints: child2 is gone

    println!("-- a JoinSet, dropped on the first error");
    let start = Instant::now();
    let t = move || format!("{:>4.1} s", start.elapsed().as_secs_f64());
    let mut set = JoinSet::new();
    set.spawn(child1(start));
    set.spawn(child2(start));
    while let Some(result) = set.join_next().await {
        if let Err(err) = result.unwrap() {
            println!("{}  caller: {err}; dropping the set aborts child2", t());
            break;
        }
    }
    drop(set);
    sleep(Duration::from_secs(4)).await;
    println!("{}  done", t());
}
