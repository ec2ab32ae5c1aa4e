use anyhow::Context as _;

use crate::Pokedex;

impl Pokedex {
    /// The same names, with never more than `limit` requests in flight at once.
    pub async fn polite(&self, limit: usize) -> anyhow::Result<Vec<String>> {
        self.window(limit).await
    }

    /// #1 to #150, at most `width` at a time: start `width`, then one more each time one ends.
    pub(crate) async fn window(&self, width: usize) -> anyhow::Result<Vec<String>> {
        let mut names = vec![String::new(); 150];
        let mut ids = 1..=150u32;
        let mut set = tokio::task::JoinSet::new();
        let start = |set: &mut tokio::task::JoinSet<_>, id: u32| {
            let pokedex = self.clone();
            set.spawn(async move { (id, pokedex.name(id).await) });
        };
        for id in ids.by_ref().take(width) {
            start(&mut set, id);
        }
        while let Some(done) = set.join_next().await {
            let (id, name) = done.context("a request's task failed")?;
            names[id as usize - 1] = name?;
            if let Some(next) = ids.next() {
                start(&mut set, next);
            }
        }
        Ok(names)
    }
}
