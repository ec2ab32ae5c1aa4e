//! asyncio's world, in tokio: a `LocalSet` runs its tasks on this one thread, so they
//! need not be `Send`, and can share an `Rc<RefCell<…>>` as coroutines share a list.
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use tokio::task::LocalSet;
use tokio::time::sleep;

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let local = LocalSet::new();
    local
        .run_until(async {
            let mut tasks = Vec::new();
            for (name, ms) in [("a", 300), ("b", 100), ("c", 200)] {
                let seen = seen.clone();
                tasks.push(tokio::task::spawn_local(async move {
                    sleep(Duration::from_millis(ms)).await;
                    seen.borrow_mut().push(name); // borrowed and given back at the `;`
                }));
            }
            for task in tasks {
                task.await.unwrap();
            }
        })
        .await;
    println!("seen: {:?}", seen.borrow());
    println!("owners of the Rc left: {}", Rc::strong_count(&seen));
}
