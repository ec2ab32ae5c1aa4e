use futures::FutureExt;
use futures::future::select_ok;
use kata_harness::as_completed::Jobs;

pub async fn first_wins(replicas: &Jobs) -> anyhow::Result<(u32, u64)> {
    let asks = replicas.ids().into_iter().map(|id| {
        replicas
            .run(id)
            .map(move |answer| answer.map(|value| (id, value)))
            .boxed()
    });
    let (first, _rest) = select_ok(asks).await?; // `_rest` is dropped here: those replicas stop
    Ok(first)
}
