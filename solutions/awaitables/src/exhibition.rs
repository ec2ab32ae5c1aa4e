//! Problem 2: one task per board, and the master as an async mutex. A board's task holds the
//! master only for the master's move and lets go while its opponent thinks; tokio's mutex is
//! fair (first come, first served), so the master goes round the boards in turn. Each round of
//! 24 master moves takes 2 min, the 30 rounds 1 h, and the last opponent's reply 55 s more.

use std::sync::Arc;

use kata_harness::awaitables::Exhibition;
use tokio::sync::Mutex;
use tokio::task::JoinSet;

/// The master plays one game to its end, then the next.
pub async fn board_by_board(exhibition: Exhibition) {
    let rules = exhibition.rules();
    for board in 0..rules.boards {
        for _ in 0..rules.moves {
            exhibition.master_moves(board).await;
            exhibition.opponent_moves(board).await;
        }
    }
}

/// The master moves from board to board; every board plays at once.
pub async fn simultaneous(exhibition: Exhibition) {
    let rules = exhibition.rules();
    let master = Arc::new(Mutex::new(()));
    let mut boards = JoinSet::new();
    for board in 0..rules.boards {
        let (exhibition, master) = (exhibition.clone(), master.clone());
        boards.spawn(async move {
            for _ in 0..rules.moves {
                {
                    let _master = master.lock().await;
                    exhibition.master_moves(board).await;
                }
                exhibition.opponent_moves(board).await;
            }
        });
    }
    while let Some(game) = boards.join_next().await {
        game.expect("a board's task panicked");
    }
}
