//! asyncio.wait's three ways to stop waiting, in tokio — and what happens to the rest.
use std::time::Duration;
use tokio::time::{Instant, sleep, timeout};

async fn job(name: &'static str, secs: u64, start: Instant) -> &'static str {
    sleep(Duration::from_secs(secs)).await;
    println!(
        "{:>4.1} s    ({name} finished)",
        start.elapsed().as_secs_f64()
    );
    name
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let t = move || format!("{:>4.1} s", start.elapsed().as_secs_f64());

    // FIRST_COMPLETED: select! waits for whichever finishes first and drops the other future.
    tokio::select! {
        name = job("fast", 1, start) => println!("{}  select!: {name} won; slow was dropped", t()),
        name = job("slow", 3, start) => println!("{}  select!: {name} won", t()),
    }

    // A timeout: stop waiting after 2 s. The future is dropped, so it stops too.
    match timeout(Duration::from_secs(2), job("long", 5, start)).await {
        Ok(name) => println!("{}  timeout: {name} made it", t()),
        Err(_) => println!("{}  timeout: gave up on long after 2 s", t()),
    }

    // A spawned task is not dropped with the wait: giving up on it leaves it running.
    let task = tokio::spawn(job("spawned", 2, start));
    if timeout(Duration::from_secs(1), async {
        sleep(Duration::from_secs(10)).await
    })
    .await
    .is_err()
    {
        println!("{}  stopped waiting; the spawned task carries on", t());
    }
    sleep(Duration::from_secs(2)).await;
    drop(task);
    println!("{}  done", t());
}
