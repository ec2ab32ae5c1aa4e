use kata_harness::blocking::Lab;

pub async fn compute(lab: Lab) -> u64 {
    let worker = std::thread::spawn(move || lab.heavy());
    worker.join().unwrap()
}
