//! A small exhibition — four boards, three move pairs each, the master taking 5 s a move and
//! each opponent 15 s — played board by board, then moving from board to board.
use std::sync::Arc;
use std::time::Duration;

use kata_harness::awaitables::{Exhibition, Rules};
use kata_harness::{Sim, fmt_duration, simulate, timeline};
use tokio::sync::Mutex;

const SMALL: Rules = Rules {
    boards: 4,
    moves: 3,
    master_move: Duration::from_secs(5),
    opponent_move: Duration::from_secs(15),
};

async fn board_by_board(exhibition: Exhibition) {
    for board in 0..SMALL.boards {
        for _ in 0..SMALL.moves {
            exhibition.master_moves(board).await;
            exhibition.opponent_moves(board).await;
        }
    }
}

async fn simultaneous(exhibition: Exhibition) {
    let master = Arc::new(Mutex::new(()));
    let mut boards = Vec::new();
    for board in 0..SMALL.boards {
        let (exhibition, master) = (exhibition.clone(), master.clone());
        boards.push(tokio::spawn(async move {
            for _ in 0..SMALL.moves {
                let turn = master.lock().await;
                exhibition.master_moves(board).await;
                drop(turn);
                exhibition.opponent_moves(board).await;
            }
        }));
    }
    for board in boards {
        board.await.unwrap();
    }
}

fn main() {
    for (name, together) in [("board by board", false), ("from board to board", true)] {
        let (exhibition, record) = Exhibition::new(SMALL);
        let sim = Sim::new(Duration::from_secs(3600)).recorder(record.recorder());
        let run = simulate(sim, {
            let exhibition = exhibition.clone();
            move || async move {
                if together {
                    simultaneous(exhibition).await
                } else {
                    board_by_board(exhibition).await
                }
            }
        });
        println!("{name}: {}", fmt_duration(run.elapsed));
        println!(
            "{}",
            timeline::render(&record.recorder().spans(), run.elapsed)
        );
    }
}
