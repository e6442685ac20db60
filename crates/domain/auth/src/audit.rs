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
    /// Failed sign-ins started a back-off block.
    LoginThrottled,
    /// The sign-in address was changed (after verifying the new one).
    EmailChanged,
    /// An external identity (GitHub, Google) was linked to the account.
    IdentityLinked,
    /// An external identity was unlinked.
    IdentityUnlinked,
    /// An admin changed the account's roles.
    RoleChanged,
    /// An admin disabled the account; every session was ended.
    AccountDisabled,
    /// An admin enabled the account again.
    AccountEnabled,
    /// An admin ended every session of the account.
    SessionsRevokedByAdmin,
    /// The account was refused a route its roles do not allow.
    AccessDenied,
    /// An admin had a model write an exercise (stored pending review).
    ExerciseGenerated,
    /// An admin approved a generated exercise: it is in the catalog.
    GeneratedExerciseApproved,
    /// An admin rejected a generated exercise.
    GeneratedExerciseRejected,
}

impl AuditAction {
    /// Every action, for parsing.
    pub const ALL: [Self; 23] = [
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
        Self::LoginThrottled,
        Self::EmailChanged,
        Self::IdentityLinked,
        Self::IdentityUnlinked,
        Self::RoleChanged,
        Self::AccountDisabled,
        Self::AccountEnabled,
        Self::SessionsRevokedByAdmin,
        Self::AccessDenied,
        Self::ExerciseGenerated,
        Self::GeneratedExerciseApproved,
        Self::GeneratedExerciseRejected,
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
            Self::LoginThrottled => "login_throttled",
            Self::EmailChanged => "email_changed",
            Self::IdentityLinked => "identity_linked",
            Self::IdentityUnlinked => "identity_unlinked",
            Self::RoleChanged => "role_changed",
            Self::AccountDisabled => "account_disabled",
            Self::AccountEnabled => "account_enabled",
            Self::SessionsRevokedByAdmin => "sessions_revoked_by_admin",
            Self::AccessDenied => "access_denied",
            Self::ExerciseGenerated => "exercise_generated",
            Self::GeneratedExerciseApproved => "generated_exercise_approved",
            Self::GeneratedExerciseRejected => "generated_exercise_rejected",
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
    /// Who acted, when not the account itself (an admin).
    pub actor_id: Option<UserId>,
    /// Particulars (for example the new roles), never secrets.
    pub detail: Option<String>,
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
            actor_id: None,
            detail: None,
        }
    }

    /// The same event, done by `actor` (an admin) rather than the account itself.
    #[must_use]
    pub fn by(mut self, actor: UserId) -> Self {
        self.actor_id = Some(actor);
        self
    }

    /// The same event with particulars.
    #[must_use]
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
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
