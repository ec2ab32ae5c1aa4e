use kata_harness::awaitables::Exhibition;
use tokio::sync::{mpsc, oneshot};

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
    let (requests, mut queue) = mpsc::channel::<(usize, oneshot::Sender<()>)>(rules.boards);
    let master = {
        let exhibition = exhibition.clone();
        tokio::spawn(async move {
            while let Some((board, done)) = queue.recv().await {
                exhibition.master_moves(board).await;
                let _ = done.send(());
            }
        })
    };
    let mut boards = Vec::new();
    for board in 0..rules.boards {
        let (exhibition, requests) = (exhibition.clone(), requests.clone());
        boards.push(tokio::spawn(async move {
            for _ in 0..rules.moves {
                let (done, moved) = oneshot::channel();
                requests.send((board, done)).await.unwrap();
                moved.await.unwrap();
                exhibition.opponent_moves(board).await;
            }
        }));
    }
    drop(requests);
    for board in boards {
        board.await.unwrap();
    }
    master.await.unwrap();
}
