//! The two answers to a slow reader, without sockets: a `broadcast` channel drops the oldest
//! messages of a receiver that falls behind (it learns how many with `Lagged`); a bounded `mpsc`
//! channel refuses new ones (`try_send` fails), and the server can drop the reader instead.

use tokio::sync::{broadcast, mpsc};

#[tokio::main]
async fn main() {
    // A room that keeps the last 4 messages for each member.
    let (room, mut slow) = broadcast::channel::<u32>(4);
    for n in 1..=10 {
        room.send(n).expect("a receiver exists");
    }
    // The slow member reads only now.
    loop {
        match slow.try_recv() {
            Ok(n) => println!("broadcast: the slow reader gets message {n}"),
            Err(broadcast::error::TryRecvError::Lagged(missed)) => {
                println!(
                    "broadcast: the slow reader lagged, {missed} oldest messages dropped"
                )
            }
            Err(_) => break,
        }
    }

    // The other answer: an outbox of 4 per member, and a member whose outbox is full is dropped.
    let (outbox, mut inbox) = mpsc::channel::<u32>(4);
    for n in 1..=10 {
        if let Err(mpsc::error::TrySendError::Full(n)) = outbox.try_send(n) {
            println!(
                "mpsc: message {n} does not fit: drop the member, close its connection"
            );
            break;
        }
    }
    drop(outbox);
    while let Some(n) = inbox.recv().await {
        println!("mpsc: what was queued for it before: message {n}");
    }
}
