//! What dropping a runtime does to what is still running on it: the end of
//! `#[tokio::main]`, spelled out with a runtime built by hand.
use std::sync::mpsc as std_mpsc;
use tokio::runtime::Builder;

/// Prints its words when dropped, then lets go of its sender.
struct Say {
    words: &'static str,
    _alive: std_mpsc::Sender<()>,
}

impl Drop for Say {
    fn drop(&mut self) {
        println!("  {}", self.words);
    }
}

fn main() {
    let runtime = Builder::new_current_thread().build().unwrap();
    // The blocking job below waits until every sender of this channel is gone.
    let (alive, gone) = std_mpsc::channel::<()>();
    runtime.block_on(async {
        let say = Say {
            words: "waiting task: dropped at its .await; the line after it never ran",
            _alive: alive.clone(),
        };
        tokio::spawn(async move {
            let _say = say;
            std::future::pending::<()>().await; // waits for ever
            println!("waiting task: after its .await");
        });
        tokio::task::yield_now().await; // the task starts, and waits
        let (started, has_started) = tokio::sync::oneshot::channel();
        tokio::task::spawn_blocking(move || {
            started.send(()).unwrap();
            while gone.recv().is_ok() {}
            println!("  blocking job: both tasks are gone; it finishes all the same");
        });
        has_started.await.unwrap(); // it runs (a job still queued would be dropped too)
        let say = Say {
            words: "unstarted task: dropped without ever running",
            _alive: alive,
        };
        tokio::spawn(async move {
            let _say = say;
            println!("unstarted task: running");
        });
        println!("main future: returns, leaving two tasks and a blocking job");
    });
    println!("block_on returned: dropping the runtime");
    drop(runtime);
    println!("runtime dropped: it waited for the blocking job");
}
