//! asyncio throws `CancelledError` into a task, and its `finally` may await. In tokio a
//! cancelled future is dropped: only `Drop` runs, and `Drop` can't await.
use std::time::Duration;
use tokio::sync::{oneshot, watch};
use tokio::time::{Instant, sleep, timeout};

/// Prints when it is dropped: the only cleanup a dropped future gets.
struct Guard(&'static str);

impl Drop for Guard {
    fn drop(&mut self) {
        println!("         {}", self.0);
    }
}

fn stamp(start: Instant) -> String {
    format!("{:>4.1} s", start.elapsed().as_secs_f64())
}

/// Writes a record in two parts, a second each.
async fn save(start: Instant) {
    let _guard = Guard("save's guard: dropped (Drop runs, and can't await)");
    println!("{}  save: part 1", stamp(start));
    sleep(Duration::from_secs(1)).await;
    println!("{}  save: part 2", stamp(start));
    sleep(Duration::from_secs(1)).await;
    println!("{}  save: done", stamp(start));
}

/// The same work, stopping when told to, with an async cleanup of its own.
async fn save_until_stopped(mut stop: watch::Receiver<bool>, start: Instant) {
    for part in 1..=2 {
        println!("{}  save: part {part}", stamp(start));
        tokio::select! {
            _ = sleep(Duration::from_secs(1)) => {}
            _ = stop.changed() => {
                println!("{}  save: told to stop; rolling back (0.5 s)", stamp(start));
                sleep(Duration::from_millis(500)).await;
                println!("{}  save: rolled back, returning", stamp(start));
                return;
            }
        }
    }
    println!("{}  save: done", stamp(start));
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    println!("-- timeout: the future is dropped where it waits");
    let start = Instant::now();
    if timeout(Duration::from_millis(1500), save(start))
        .await
        .is_err()
    {
        println!(
            "{}  caller: timed out; async cleanup here (0.5 s)",
            stamp(start)
        );
        sleep(Duration::from_millis(500)).await;
        println!("{}  caller: cleaned up", stamp(start));
    }

    println!(
        "-- asked to stop: the task cleans up itself, and the caller waits for it"
    );
    let start = Instant::now();
    let (stop, stop_rx) = watch::channel(false);
    let task = tokio::spawn(save_until_stopped(stop_rx, start));
    sleep(Duration::from_millis(1500)).await;
    stop.send(true).unwrap();
    task.await.unwrap();
    println!("{}  caller: the task has stopped", stamp(start));

    println!("-- abort(): the task stops at the next .await that has to wait");
    let (me, my_handle) = oneshot::channel();
    let task = tokio::spawn(async move {
        let _guard = Guard("task's guard: dropped at the sleep");
        let handle: tokio::task::AbortHandle = my_handle.await.unwrap();
        handle.abort();
        println!("    task: abort() was called, and I am still running");
        std::future::ready(()).await;
        println!("    task: past an .await that was ready at once");
        sleep(Duration::from_secs(1)).await;
        println!("    task: past the sleep");
    });
    me.send(task.abort_handle()).unwrap();
    println!(
        "    caller: the task ended cancelled: {}",
        task.await.unwrap_err().is_cancelled()
    );

    println!("-- abort() before the task ever ran");
    let task = tokio::spawn(async { println!("    task: running") });
    task.abort();
    println!(
        "    caller: the task ended cancelled: {}",
        task.await.unwrap_err().is_cancelled()
    );
}
