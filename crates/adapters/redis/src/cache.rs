//! The shared answer cache: `SET key value EX ttl`, so every instance sees an answer once one
//! computed it, and Redis expires it.

use std::time::Duration;

use async_trait::async_trait;
use mentor_tutoring::AnswerCache;
use redis::AsyncCommands as _;
use redis::aio::ConnectionManager;

use crate::Keys;

/// Answers in Redis under `{prefix}cache:`.
#[derive(Clone)]
pub struct RedisAnswerCache {
    conn: ConnectionManager,
    keys: Keys,
}

impl std::fmt::Debug for RedisAnswerCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisAnswerCache")
            .field("keys", &self.keys)
            .finish_non_exhaustive()
    }
}

impl RedisAnswerCache {
    /// A cache on `conn` with `keys`' prefix.
    #[must_use]
    pub fn new(conn: ConnectionManager, keys: Keys) -> Self {
        Self { conn, keys }
    }
}

#[async_trait]
impl AnswerCache for RedisAnswerCache {
    async fn get(&self, key: &str) -> anyhow::Result<Option<String>> {
        let mut conn = self.conn.clone();
        Ok(conn.get(self.keys.cache(key)).await?)
    }

    async fn put(&self, key: &str, text: &str, ttl: Duration) -> anyhow::Result<()> {
        let mut conn = self.conn.clone();
        let _: () = conn
            .set_ex(self.keys.cache(key), text, ttl.as_secs().max(1))
            .await?;
        Ok(())
    }

    async fn remove(&self, key: &str) -> anyhow::Result<()> {
        let mut conn = self.conn.clone();
        let _: () = conn.del(self.keys.cache(key)).await?;
        Ok(())
    }
}
