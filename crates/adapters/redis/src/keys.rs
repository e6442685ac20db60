//! Every Redis key name Mentor uses, built in this one place. A prefix separates
//! deployments (and tests) sharing one Redis.

use mentor_auth::TokenHash;
use mentor_kernel::{SessionId, UserId};

/// Builds key names under a prefix such as `mentor:`.
#[derive(Debug, Clone)]
pub struct Keys {
    prefix: String,
}

impl Keys {
    /// Keys under `prefix` (used verbatim; end it with `:`).
    #[must_use]
    pub fn new(prefix: impl Into<String>) -> Self {
        Self {
            prefix: prefix.into(),
        }
    }

    /// Hash holding one session's fields.
    #[must_use]
    pub fn session(&self, id: SessionId) -> String {
        format!("{}session:{id}", self.prefix)
    }

    /// Set of a user's session ids.
    #[must_use]
    pub fn user_sessions(&self, user: UserId) -> String {
        format!("{}user-sessions:{user}", self.prefix)
    }

    /// String pointing from a refresh-token hash to its session id.
    #[must_use]
    pub fn refresh(&self, hash: &TokenHash) -> String {
        format!("{}refresh:{}", self.prefix, hash.as_str())
    }

    /// A cached model answer (the key is a digest, see `mentor_tutoring::cache_key`).
    #[must_use]
    pub fn cache(&self, key: &str) -> String {
        format!("{}cache:{key}", self.prefix)
    }

    /// Rate-limit, back-off or replay state for a caller-chosen key.
    #[must_use]
    pub fn limit(&self, key: &str) -> String {
        format!("{}limit:{key}", self.prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_carry_the_prefix() {
        let keys = Keys::new("t1:");
        let sid = SessionId::generate();
        assert_eq!(keys.session(sid), format!("t1:session:{sid}"));
        assert!(keys.refresh(&TokenHash::of("x")).starts_with("t1:refresh:"));
        assert!(
            keys.user_sessions(UserId::generate())
                .starts_with("t1:user-sessions:")
        );
    }
}
