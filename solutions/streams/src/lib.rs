//! Reference solution of the streams kata (TODO: a line on the approach).

use kata_harness::streams::Desk;

/// Asks the desk 1, 2 and 3 at once, each question a task of its own, and returns the sum of
/// the answers.
pub async fn first(desk: &Desk) -> u64 {
    let asked: Vec<_> = (1..=3)
        .map(|question| {
            let desk = desk.clone();
            tokio::spawn(async move { desk.ask(question).await })
        })
        .collect();
    let mut sum = 0;
    for answer in asked {
        sum += answer.await.expect("a question panicked");
    }
    sum
}
