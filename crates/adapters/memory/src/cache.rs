//! An in-process answer cache (the embedded default): entries expire by the clock.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use mentor_kernel::Clock;
use mentor_tutoring::AnswerCache;
use time::OffsetDateTime;

use crate::lock;

/// Answers in a map, each with its expiry.
pub struct MemoryAnswerCache {
    clock: Arc<dyn Clock>,
    entries: Mutex<HashMap<String, (String, OffsetDateTime)>>,
}

impl std::fmt::Debug for MemoryAnswerCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryAnswerCache").finish_non_exhaustive()
    }
}

impl MemoryAnswerCache {
    /// An empty cache on `clock`.
    #[must_use]
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        Self {
            clock,
            entries: Mutex::new(HashMap::new()),
        }
    }
}

#[async_trait]
impl AnswerCache for MemoryAnswerCache {
    async fn get(&self, key: &str) -> anyhow::Result<Option<String>> {
        let now = self.clock.now();
        let mut entries = lock(&self.entries);
        entries.retain(|_, (_, expires)| *expires > now);
        Ok(entries.get(key).map(|(text, _)| text.clone()))
    }

    async fn put(&self, key: &str, text: &str, ttl: Duration) -> anyhow::Result<()> {
        let expires = self.clock.now() + ttl;
        lock(&self.entries).insert(key.to_owned(), (text.to_owned(), expires));
        Ok(())
    }

    async fn remove(&self, key: &str) -> anyhow::Result<()> {
        lock(&self.entries).remove(key);
        Ok(())
    }
}
