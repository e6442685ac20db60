//! The security audit trail: append-only events of who did what, when, from where, and with
//! which outcome. Recording never blocks the use case: a failing audit store is logged.

use mentor_kernel::UserId;
use time::OffsetDateTime;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    /// An account was created.
    Registered,
    /// An address was verified.
    EmailVerified,
    /// A sign-in succeeded.
    LoginSucceeded,
    /// A sign-in failed (wrong password for an existing account).
    LoginFailed,
    /// A session was ended by signing out.
    LoggedOut,
    /// A session was ended by its owner from the session list.
    SessionRevoked,
    /// Every other session was ended by the owner.
    OtherSessionsRevoked,
    /// A rotated refresh token was presented again; the session was ended.
    RefreshTokenReused,
    /// A password-reset code was mailed.
    PasswordResetRequested,
    /// The password was set with a reset code; every session was ended.
    PasswordReset,
    /// The password was changed by its owner; every session was ended.
    PasswordChanged,
}

impl AuditAction {
    /// Every action, for parsing.
    pub const ALL: [Self; 11] = [
        Self::Registered,
        Self::EmailVerified,
        Self::LoginSucceeded,
        Self::LoginFailed,
        Self::LoggedOut,
        Self::SessionRevoked,
        Self::OtherSessionsRevoked,
        Self::RefreshTokenReused,
        Self::PasswordResetRequested,
        Self::PasswordReset,
        Self::PasswordChanged,
    ];

    /// The stored and serialised name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Registered => "registered",
            Self::EmailVerified => "email_verified",
            Self::LoginSucceeded => "login_succeeded",
            Self::LoginFailed => "login_failed",
            Self::LoggedOut => "logged_out",
            Self::SessionRevoked => "session_revoked",
            Self::OtherSessionsRevoked => "other_sessions_revoked",
            Self::RefreshTokenReused => "refresh_token_reused",
            Self::PasswordResetRequested => "password_reset_requested",
            Self::PasswordReset => "password_reset",
            Self::PasswordChanged => "password_changed",
        }
    }

    /// Parses a stored name.
    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == raw)
    }
}

/// One audit event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    /// Identifier (time-ordered).
    pub id: uuid::Uuid,
    /// When it happened.
    pub at: OffsetDateTime,
    /// The account the event is about.
    pub user_id: UserId,
    /// What happened.
    pub action: AuditAction,
    /// Client IP, when the use case knows it.
    pub ip: Option<String>,
}

impl AuditEvent {
    /// An event about `user` at `at`.
    #[must_use]
    pub fn new(
        user_id: UserId,
        action: AuditAction,
        at: OffsetDateTime,
        ip: Option<String>,
    ) -> Self {
        Self {
            id: uuid::Uuid::now_v7(),
            at,
            user_id,
            action,
            ip,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::AuditAction;

    #[test]
    fn action_names_round_trip() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.as_str()), Some(action));
        }
        assert_eq!(AuditAction::parse("nope"), None);
    }
}
