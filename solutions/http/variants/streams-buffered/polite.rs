use crate::Pokedex;

impl Pokedex {
    /// The same names, with never more than `limit` requests in flight at once.
    pub async fn polite(&self, limit: usize) -> anyhow::Result<Vec<String>> {
        use futures_util::{StreamExt as _, TryStreamExt as _};
        futures_util::stream::iter(1..=150)
            .map(|id| self.name(id))
            .buffered(limit)
            .try_collect()
            .await
    }
}
