use futures::future::join_all;

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
    let master = Mutex::new(());
    let games = (0..rules.boards).map(|board| {
        let (exhibition, master) = (&exhibition, &master);
        async move {
            for _ in 0..rules.moves {
                let turn = master.lock().await;
                exhibition.master_moves(board).await;
                drop(turn);
                exhibition.opponent_moves(board).await;
            }
        }
    });
    join_all(games).await;
}
