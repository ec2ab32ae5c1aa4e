//! On a `current_thread` runtime, a spawned task first runs when the task that spawned
//! it hands the thread back: at an `.await` that has to wait.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let task = tokio::spawn(async {
        println!("  task: running");
    });
    println!("main: spawned the task");
    let total: u64 = (1..=1_000).sum(); // ordinary code: no `.await`, nothing else runs
    println!("main: summed to {total}, still no .await");
    std::future::ready(()).await; // ready at once: this `.await` does not hand over
    println!("main: awaited a ready future");
    tokio::task::yield_now().await; // this one hands the thread over
    println!("main: back after yield_now()");
    task.await.unwrap();
}
