//! Three spawned tasks share one list of names, a counter and a log. `Arc` gives each
//! task an owner's handle on the same data; an atomic and a mutex let them change it.
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::sleep;

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let names: Arc<[&str]> = Arc::from(["bulbasaur", "ivysaur", "venusaur"]);
    let fetched = Arc::new(AtomicU32::new(0));
    let log = Arc::new(Mutex::new(Vec::new()));

    let mut tasks = Vec::new();
    for id in 0..3 {
        // Each task gets its own clones: cheap, they all point at the same data.
        let (names, fetched, log) = (names.clone(), fetched.clone(), log.clone());
        tasks.push(tokio::spawn(async move {
            sleep(Duration::from_millis(300 - 100 * id as u64)).await;
            fetched.fetch_add(1, Ordering::Relaxed);
            log.lock().unwrap().push(names[id]);
        }));
    }
    println!(
        "owners of the names while the tasks run: {}",
        Arc::strong_count(&names)
    );
    for task in tasks {
        task.await.unwrap();
    }
    println!(
        "owners of the names afterwards: {}",
        Arc::strong_count(&names)
    );
    println!("fetched: {}", fetched.load(Ordering::Relaxed));
    println!("in the order they finished: {:?}", log.lock().unwrap());
}
