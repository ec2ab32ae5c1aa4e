//! Measured in real time: asyncio's classic executor experiment, scaled down. Ten blocking-I/O jobs (a 150 ms
//! blocking sleep each) and ten CPU-bound jobs (a fixed amount of arithmetic each), run one
//! after another, then on a blocking pool as large as the machine has cores, then on ten.
use std::hint::black_box;
use std::time::{Duration, Instant};

const JOBS: u64 = 10;

fn blocking_io(_id: u64) {
    std::thread::sleep(Duration::from_millis(150));
}

fn cpu_bound(id: u64) -> u64 {
    let mut x = id;
    for i in 0..12_000_000u64 {
        x = black_box(x.wrapping_mul(6364136223846793005).wrapping_add(i));
    }
    x
}

fn sequential(job: fn(u64)) -> Duration {
    let start = Instant::now();
    for id in 0..JOBS {
        job(id);
    }
    start.elapsed()
}

fn on_pool(threads: usize, job: fn(u64)) -> Duration {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .max_blocking_threads(threads)
        .build()
        .unwrap();
    runtime.block_on(async {
        let start = Instant::now();
        let handles: Vec<_> = (0..JOBS)
            .map(|id| tokio::task::spawn_blocking(move || job(id)))
            .collect();
        for handle in handles {
            handle.await.unwrap();
        }
        start.elapsed()
    })
}

fn main() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("cores: {cores}");
    let cpu: fn(u64) = |id| {
        black_box(cpu_bound(id));
    };
    for (name, job) in [("blocking I/O", blocking_io as fn(u64)), ("CPU-bound", cpu)] {
        let one = sequential(job);
        let pool = on_pool(cores, job);
        let ten = on_pool(10, job);
        println!(
            "{name:<12}  one after another {:>5.2} s   pool of {cores} {:>5.2} s   pool of 10 {:>5.2} s",
            one.as_secs_f64(),
            pool.as_secs_f64(),
            ten.as_secs_f64()
        );
    }
}
