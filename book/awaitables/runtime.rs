//! `#[tokio::main]` is shorthand: this is the same program with the runtime built by hand, as
//! `loop = get_event_loop(); loop.run_until_complete(main())` is for `asyncio.run(main())`.
//! Building it yourself lets you size its thread pools yourself.
use tokio::runtime::Builder;

async fn answer() -> u32 {
    42
}

fn main() {
    let runtime = Builder::new_multi_thread()
        .worker_threads(2) // threads that run tasks
        .max_blocking_threads(4) // threads for spawn_blocking
        .enable_all()
        .build()
        .expect("could not build the runtime");
    println!("workers: {}", runtime.metrics().num_workers());
    let value = runtime.block_on(answer());
    println!("block_on(answer()) = {value}");
}
