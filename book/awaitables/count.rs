//! asyncio's `count()` three times with `gather`, in tokio: three tasks, awaited in turn.
use std::time::Duration;
use tokio::time::{Instant, sleep};

async fn count() {
    println!("One");
    sleep(Duration::from_secs(1)).await;
    println!("Two");
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // Spawning starts each count now; awaiting the handles waits for all three.
    let counts = [
        tokio::spawn(count()),
        tokio::spawn(count()),
        tokio::spawn(count()),
    ];
    for count in counts {
        count.await.unwrap();
    }
    println!("executed in {:.2} seconds.", start.elapsed().as_secs_f64());
}
