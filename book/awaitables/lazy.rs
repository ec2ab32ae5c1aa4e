//! Calling an async fn only builds a future. Nothing runs until it is awaited (or spawned).
async fn hello_world() {
    println!("Hello World!");
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    println!("calling hello_world()...");
    // Only a future comes back. Written as a statement of its own, `hello_world();`, this
    // would not compile here: "futures do nothing unless you `.await` or poll them".
    let future = hello_world();
    println!("...returned, and nothing was printed");
    future.await;
    println!("awaited it: now it ran");
}
