//! How long a lock stays locked: a `MutexGuard` lives as long as the temporary or the
//! variable that holds it. In each form, the program asks the mutex whether it is free.
use tokio::sync::Mutex;

fn show<T>(form: &str, when: &str, m: &Mutex<T>) {
    let state = if m.try_lock().is_ok() { "free" } else { "held" };
    println!("{form:<39} {when:<15} {state}");
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let queue = Mutex::new(vec![10, 20, 30]);

    // A temporary in a `let` statement is dropped at the end of the statement.
    let first = queue.lock().await.first().copied();
    show(
        "let first = m.lock().await.first()…;",
        "after the `;`",
        &queue,
    );

    // A temporary in the condition of `if let`, `match` or `while let` lives on
    // through the block: the body runs with the lock held.
    if let Some(first) = queue.lock().await.first() {
        show(
            "if let Some(first) = m.lock().await…",
            "in the block",
            &queue,
        );
        assert_eq!(*first, 10);
    }
    match queue.lock().await.last() {
        Some(_) => show("match m.lock().await.last() { … }", "in an arm", &queue),
        None => unreachable!("the queue is not empty"),
    }
    let mut n = 0;
    while let Some(item) = queue.lock().await.get(n) {
        show(
            "while let Some(item) = m.lock().await…",
            "in the body",
            &queue,
        );
        n += *item as usize; // past the end: once round is enough
    }

    // A guard bound to a name lives until the end of its block, or until it is dropped.
    let mut guard = queue.lock().await;
    guard.push(40);
    show("let mut guard = m.lock().await;", "while it lives", &queue);
    drop(guard);
    show("drop(guard);", "after", &queue);
    assert_eq!(first, Some(10));
}
