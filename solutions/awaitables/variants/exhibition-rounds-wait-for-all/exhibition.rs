use kata_harness::awaitables::Exhibition;

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
    for _ in 0..rules.moves {
        let mut replies = Vec::new();
        for board in 0..rules.boards {
            exhibition.master_moves(board).await;
            let exhibition = exhibition.clone();
            replies.push(tokio::spawn(async move { exhibition.opponent_moves(board).await }));
        }
        for reply in replies {
            reply.await.unwrap();
        }
    }
}
