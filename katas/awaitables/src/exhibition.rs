//! Problem 2 — the chess exhibition: one master, many boards.

use kata_harness::awaitables::Exhibition;

/// The master plays one game to its end, then the next: 30 move pairs on each board, the master
/// moving first. (Complete: the spec measures it.)
pub async fn board_by_board(exhibition: Exhibition) {
    let rules = exhibition.rules();
    for board in 0..rules.boards {
        for _ in 0..rules.moves {
            exhibition.master_moves(board).await;
            exhibition.opponent_moves(board).await;
        }
    }
}

/// The master moves from board to board: while one opponent thinks, the master plays the
/// others. The master is one person — never two moves at once.
// TODO(problem 2): play every board at the same time.
pub async fn simultaneous(exhibition: Exhibition) {
    board_by_board(exhibition).await
}
