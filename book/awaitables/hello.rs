//! Two tasks, joined into one result. asyncio's `gather` returns a list; `join!` returns a
//! tuple, because the two results have different types.
use std::time::Duration;
use tokio::time::sleep;

async fn hello_world() -> &'static str {
    sleep(Duration::from_secs(1)).await;
    "Hello World!"
}

async fn testr() -> i32 {
    123
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (hello, number) =
        tokio::join!(tokio::spawn(hello_world()), tokio::spawn(testr()));
    let result = (hello.unwrap(), number.unwrap());
    println!("result={result:?}");
}
