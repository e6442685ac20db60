//! A cache for deterministic model answers (AI hints for the same exercise, code, verdict and
//! rung; generation prompts) — never for chat turns. Keys are digests of their parts, so no
//! learner text is stored in a key.

use std::time::Duration;

use async_trait::async_trait;
use sha2::{Digest as _, Sha256};

/// Stores answers for a while.
#[async_trait]
pub trait AnswerCache: Send + Sync {
    /// The text stored under `key`, unless it is missing or expired.
    ///
    /// # Errors
    /// Storage failure.
    async fn get(&self, key: &str) -> anyhow::Result<Option<String>>;

    /// Stores `text` under `key` for `ttl`, replacing what was there.
    ///
    /// # Errors
    /// Storage failure.
    async fn put(&self, key: &str, text: &str, ttl: Duration) -> anyhow::Result<()>;

    /// Removes what is stored under `key` (nothing when there is nothing).
    ///
    /// # Errors
    /// Storage failure.
    async fn remove(&self, key: &str) -> anyhow::Result<()>;
}

/// A cache key: `kind:` and the SHA-256 (hex) of the length-prefixed parts.
#[must_use]
pub fn cache_key(kind: &str, parts: &[&str]) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update((part.len() as u64).to_be_bytes());
        hash.update(part.as_bytes());
    }
    let digest: String = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
    format!("{kind}:{digest}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_differ_when_any_part_or_its_boundary_differs() {
        let a = cache_key("hint", &["ab", "c"]);
        assert_eq!(a, cache_key("hint", &["ab", "c"]));
        assert_ne!(a, cache_key("hint", &["a", "bc"]));
        assert_ne!(a, cache_key("gen", &["ab", "c"]));
        assert!(a.starts_with("hint:") && a.len() == "hint:".len() + 64);
    }
}
