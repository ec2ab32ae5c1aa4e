//! asyncio.wait's three ways to stop waiting, in tokio — and what happens to the rest.
use std::time::Duration;
use tokio::time::{Instant, sleep, timeout};

/// Says so when a job is dropped before it finished.
struct Progress {
    name: &'static str,
    start: Instant,
    done: bool,
}

impl Drop for Progress {
    fn drop(&mut self) {
        if !self.done {
            let at = self.start.elapsed().as_secs_f64();
            println!("{at:>4.1} s    ({} dropped before it finished)", self.name);
        }
    }
}

async fn job(name: &'static str, secs: u64, start: Instant) -> &'static str {
    let mut progress = Progress {
        name,
        start,
        done: false,
    };
    sleep(Duration::from_secs(secs)).await;
    println!(
        "{:>4.1} s    ({name} finished)",
        start.elapsed().as_secs_f64()
    );
    progress.done = true;
    name
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let t = move || format!("{:>4.1} s", start.elapsed().as_secs_f64());

    // FIRST_COMPLETED: select! waits for whichever finishes first and drops the other future.
    tokio::select! {
        name = job("fast", 1, start) => println!("{}  select!: {name} won", t()),
        name = job("slow", 3, start) => println!("{}  select!: {name} won", t()),
    }

    // wait_for: stop waiting after 2 s. The future is dropped, so it stops too.
    match timeout(Duration::from_secs(2), job("long", 5, start)).await {
        Ok(name) => println!("{}  timeout: {name} made it", t()),
        Err(_) => println!("{}  timeout: gave up on long after 2 s", t()),
    }

    // wait(timeout=…): a spawned task, timed out on `&mut handle`, is left running.
    // So it is when its handle is dropped.
    let mut task = tokio::spawn(job("spawned", 2, start));
    if timeout(Duration::from_secs(1), &mut task).await.is_err() {
        println!(
            "{}  timeout on &mut handle: gave up waiting for spawned",
            t()
        );
    }
    drop(task);
    println!("{}  spawned's handle dropped", t());
    sleep(Duration::from_secs(2)).await;
    println!("{}  done", t());
}
