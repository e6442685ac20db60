//! Sign-in sessions: one per device, each owning one refresh-token family.

use mentor_kernel::{SessionId, UserId};
use time::{Duration, OffsetDateTime};

use crate::secrets::TokenHash;

/// How long sessions live, from configuration (ASVS 7.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// A session unused for this long ends.
    pub idle_timeout: Duration,
    /// A session ends this long after sign-in, however active.
    pub absolute_lifetime: Duration,
    /// `last_seen_at` is written at most this often by ordinary requests.
    pub touch_interval: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle_timeout: Duration::days(7),
            absolute_lifetime: Duration::days(30),
            touch_interval: Duration::minutes(1),
        }
    }
}

/// Longest user-agent text kept with a session.
pub const USER_AGENT_MAX: usize = 256;

/// One signed-in device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Identifier, carried in the access token as `sid`.
    pub id: SessionId,
    /// Owner.
    pub user_id: UserId,
    /// Hash of the refresh token that is currently valid for this session.
    pub refresh_hash: TokenHash,
    /// Sign-in time.
    pub created_at: OffsetDateTime,
    /// Last refresh or request seen.
    pub last_seen_at: OffsetDateTime,
    /// Absolute end of the session.
    pub expires_at: OffsetDateTime,
    /// Browser or client description, cut to [`USER_AGENT_MAX`] characters.
    pub user_agent: Option<String>,
    /// Client IP address at sign-in.
    pub ip: Option<String>,
}

impl Session {
    /// Whether the session may still be used at `now`.
    #[must_use]
    pub fn is_live(&self, now: OffsetDateTime, policy: &SessionPolicy) -> bool {
        now < self.expires_at && now - self.last_seen_at < policy.idle_timeout
    }
}

/// Cuts a user agent to the stored length and drops control characters.
#[must_use]
pub fn clean_user_agent(raw: &str) -> Option<String> {
    let cleaned: String = raw
        .chars()
        .filter(|c| !c.is_control())
        .take(USER_AGENT_MAX)
        .collect();
    let trimmed = cleaned.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(now: OffsetDateTime) -> Session {
        Session {
            id: SessionId::generate(),
            user_id: UserId::generate(),
            refresh_hash: TokenHash::of("x"),
            created_at: now,
            last_seen_at: now,
            expires_at: now + Duration::days(30),
            user_agent: None,
            ip: None,
        }
    }

    #[test]
    fn sessions_end_when_idle_or_past_their_absolute_lifetime() {
        let now = OffsetDateTime::UNIX_EPOCH + Duration::days(10_000);
        let policy = SessionPolicy::default();
        let s = session(now);
        assert!(s.is_live(now + Duration::days(6), &policy));
        assert!(!s.is_live(now + Duration::days(7), &policy));
        let mut active = s.clone();
        active.last_seen_at = now + Duration::days(29);
        assert!(active.is_live(now + Duration::days(29), &policy));
        assert!(!active.is_live(now + Duration::days(30), &policy));
    }

    #[test]
    fn user_agents_are_cut_and_cleaned() {
        assert_eq!(clean_user_agent("curl/8\n"), Some("curl/8".to_owned()));
        assert_eq!(
            clean_user_agent(&"a".repeat(1000)).map(|s| s.len()),
            Some(USER_AGENT_MAX)
        );
        assert_eq!(clean_user_agent("  "), None);
    }
}
