use futures::FutureExt as _;
use futures::future::select_all;
use kata_harness::as_completed::Jobs;

pub async fn first_wins(replicas: &Jobs) -> anyhow::Result<(u32, u64)> {
    let mut racing: Vec<_> = replicas
        .ids()
        .into_iter()
        .map(|id| async move { (id, replicas.run(id).await) }.boxed())
        .collect();
    let mut last_error = None;
    while !racing.is_empty() {
        let ((id, result), _, rest) = select_all(racing).await;
        match result {
            Ok(value) => return Ok((id, value)),
            Err(err) => last_error = Some(err),
        }
        racing = rest;
    }
    match last_error {
        Some(err) => Err(err.into()),
        None => anyhow::bail!("no replicas"),
    }
}
