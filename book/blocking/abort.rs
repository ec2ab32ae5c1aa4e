//! `abort()` can't stop a blocking job that has started: it is ordinary code on a
//! thread of its own. Awaiting its handle still gives its value. Dropping the handle
//! only stops the waiting.
use std::sync::mpsc as std_mpsc;
use tokio::sync::oneshot;

/// A blocking job: says it started, then blocks its thread until `go` says go.
fn job(started: oneshot::Sender<()>, go: std_mpsc::Receiver<()>) -> u32 {
    started.send(()).unwrap();
    go.recv().unwrap(); // blocks this thread, like a slow read would
    println!("  job: done, returning 42");
    42
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (started_tx, started) = oneshot::channel();
    let (go, go_rx) = std_mpsc::channel();
    let handle = tokio::task::spawn_blocking(move || job(started_tx, go_rx));
    started.await.unwrap();
    println!("main: the job has started; abort()");
    handle.abort();
    go.send(()).unwrap();
    println!("main: awaiting the aborted handle: {:?}", handle.await);

    let (started_tx, started) = oneshot::channel();
    let (go, go_rx) = std_mpsc::channel();
    let handle = tokio::task::spawn_blocking(move || job(started_tx, go_rx));
    started.await.unwrap();
    drop(handle);
    println!("main: dropped the second job's handle: nobody waits for it now");
    go.send(()).unwrap();
    // Returning from main drops the runtime, which waits for the blocking job.
}
