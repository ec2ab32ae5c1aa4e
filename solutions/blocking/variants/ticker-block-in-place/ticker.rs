use kata_harness::blocking::Lab;

pub async fn compute(lab: Lab) -> u64 {
    tokio::task::block_in_place(|| lab.heavy())
}
