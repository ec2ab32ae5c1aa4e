use std::sync::Arc;

use kata_harness::awaitables::Exhibition;
use tokio::sync::Mutex;

pub async fn board_by_board(exhibition: Exhibition) {
    let rules = exhibition.rules();
    for board in 0..rules.boards {
        for _ in 0..rules.moves {
            exhibition.master_moves(board).await;
            exhibition.opponent_moves(board).await;
        }
    }
}

pub async fn simultaneous(exhibition: Exhibition) {
    let rules = exhibition.rules();
    let master = Arc::new(Mutex::new(()));
    let mut boards = Vec::new();
    for board in 0..rules.boards {
        let (exhibition, master) = (exhibition.clone(), master.clone());
        boards.push(tokio::spawn(async move {
            for pair in 0..rules.moves {
                {
                    let _turn = master.lock().await;
                    exhibition.master_moves(board).await;
                }
                // The master has made her last move: the game is hers.
                if pair + 1 < rules.moves {
                    exhibition.opponent_moves(board).await;
                }
            }
        }));
    }
    for board in boards {
        board.await.unwrap();
    }
}
