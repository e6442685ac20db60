//! The ports the auth domain needs, each with the contract every adapter must honour.
//! `mentor-conformance` tests exactly these contracts against every adapter.

use async_trait::async_trait;
use mentor_kernel::{SessionId, UserId};
use secrecy::SecretString;
use time::OffsetDateTime;

use crate::audit::{AuditAction, AuditEvent};
use crate::model::{DisplayName, Email, PasswordHash, Role, User};
use crate::secrets::TokenHash;
use crate::session::Session;

/// Why a user could not be inserted.
#[derive(Debug, thiserror::Error)]
pub enum InsertUserError {
    /// Another account already uses the address.
    #[error("email already registered")]
    EmailTaken,
    /// Storage failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Stores accounts.
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait UserRepository: Send + Sync {
    /// Inserts a new account.
    ///
    /// # Errors
    /// MUST return [`InsertUserError::EmailTaken`] when an account with the same (normalised)
    /// address exists, also when two inserts race; MUST NOT change anything then.
    async fn insert(&self, user: &User) -> Result<(), InsertUserError>;

    /// The account with this id, or `None`.
    ///
    /// # Errors
    /// Storage failure, or a stored row that is not a valid account.
    async fn find_by_id(&self, id: UserId) -> anyhow::Result<Option<User>>;

    /// The account with this address, or `None`.
    ///
    /// # Errors
    /// Storage failure, or a stored row that is not a valid account.
    async fn find_by_email(&self, email: &Email) -> anyhow::Result<Option<User>>;

    /// Replaces the account's password hash. Does nothing for an unknown id.
    ///
    /// # Errors
    /// Storage failure.
    async fn update_password(&self, id: UserId, hash: &PasswordHash) -> anyhow::Result<()>;

    /// Records that the address was verified at `at`. MUST keep the earlier time when the
    /// address was already verified, and MUST succeed (doing nothing) for an unknown id.
    ///
    /// # Errors
    /// Storage failure.
    async fn mark_email_verified(&self, id: UserId, at: OffsetDateTime) -> anyhow::Result<()>;

    /// Replaces the display name. Does nothing for an unknown id.
    ///
    /// # Errors
    /// Storage failure.
    async fn set_display_name(&self, id: UserId, name: &DisplayName) -> anyhow::Result<()>;

    /// Accounts matching `query`, oldest first (by id), strictly after `query.after`.
    ///
    /// # Errors
    /// Storage failure, or a stored row that is not a valid account.
    async fn list(&self, query: &UserQuery) -> anyhow::Result<Vec<User>>;

    /// Sets or clears the disabled mark. Returns whether the account exists.
    ///
    /// # Errors
    /// Storage failure.
    async fn set_disabled(&self, id: UserId, at: Option<OffsetDateTime>) -> anyhow::Result<bool>;

    /// Replaces the roles (callers pass a valid, sorted, non-empty set). Returns whether the
    /// account exists.
    ///
    /// # Errors
    /// Storage failure.
    async fn set_roles(&self, id: UserId, roles: &[Role]) -> anyhow::Result<bool>;

    /// Changes the sign-in address and marks it verified at `verified_at`.
    ///
    /// # Errors
    /// MUST return [`InsertUserError::EmailTaken`] when another account uses the address
    /// (nothing changes then).
    async fn change_email(
        &self,
        id: UserId,
        email: &Email,
        verified_at: OffsetDateTime,
    ) -> Result<(), InsertUserError>;
}

/// Which accounts to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserQuery {
    /// Only addresses containing this text (case-insensitive).
    pub email_contains: Option<String>,
    /// Only accounts after this one (the cursor).
    pub after: Option<UserId>,
    /// At most this many.
    pub limit: u64,
}

/// Keeps the append-only security audit trail.
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait AuditLog: Send + Sync {
    /// Appends one event. MUST never change or drop earlier events.
    ///
    /// # Errors
    /// Storage failure.
    async fn record(&self, event: &AuditEvent) -> anyhow::Result<()>;

    /// Events matching `query`, newest first, strictly older than `query.before` (an event
    /// id) when given — a stable cursor under concurrent appends.
    ///
    /// # Errors
    /// Storage failure.
    async fn list(&self, query: &AuditQuery) -> anyhow::Result<Vec<AuditEvent>>;

    /// The newest `limit` events about `user`, newest first, older than `before` when given.
    ///
    /// # Errors
    /// Storage failure.
    async fn list_for_user(
        &self,
        user: UserId,
        before: Option<uuid::Uuid>,
        limit: u64,
    ) -> anyhow::Result<Vec<AuditEvent>> {
        self.list(&AuditQuery {
            user: Some(user),
            action: None,
            before,
            limit,
        })
        .await
    }
}

/// Which audit events to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditQuery {
    /// Only events about this account.
    pub user: Option<UserId>,
    /// Only events of this kind.
    pub action: Option<AuditAction>,
    /// Only events older than this event id (the cursor).
    pub before: Option<uuid::Uuid>,
    /// At most this many.
    pub limit: u64,
}

/// Turns passwords into slow salted hashes and checks them.
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait CredentialHasher: Send + Sync {
    /// Hashes a password with a fresh salt.
    ///
    /// # Errors
    /// Only on infrastructure failure.
    async fn hash(&self, password: &SecretString) -> anyhow::Result<PasswordHash>;

    /// Whether `password` matches `hash`. MUST return `Ok(false)` for a wrong password.
    ///
    /// # Errors
    /// A malformed stored hash or an infrastructure failure — never a wrong password.
    async fn verify(&self, password: &SecretString, hash: &PasswordHash) -> anyhow::Result<bool>;
}

/// What a refresh-token rotation found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RotateOutcome {
    /// The presented hash was current; the new one replaced it.
    Rotated,
    /// The session exists but the presented hash was already rotated away.
    Stale,
    /// No such session (ended, revoked or never existed).
    Missing,
}

/// Stores sign-in sessions and their refresh-token families.
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait SessionStore: Send + Sync {
    /// Stores a new session; its `refresh_hash` becomes findable by [`Self::find_by_refresh`].
    ///
    /// # Errors
    /// Storage failure.
    async fn create(&self, session: &Session) -> anyhow::Result<()>;

    /// The session, or `None` once it was revoked or has passed its `expires_at` (adapters
    /// MAY keep expired sessions; the domain checks liveness itself).
    ///
    /// # Errors
    /// Storage failure.
    async fn get(&self, id: SessionId) -> anyhow::Result<Option<Session>>;

    /// Which session issued this refresh-token hash — the current one *or any earlier one
    /// rotated away* — so reuse of an old token can be detected. MUST return `None` once the
    /// session is revoked.
    ///
    /// # Errors
    /// Storage failure.
    async fn find_by_refresh(&self, hash: &TokenHash) -> anyhow::Result<Option<SessionId>>;

    /// Replaces the session's refresh hash with `next` and sets `last_seen_at = now`, but only
    /// if the current hash equals `current` (compare-and-swap). Of concurrent calls with the
    /// same `current`, MUST let exactly one return [`RotateOutcome::Rotated`]. `next` MUST
    /// become findable by [`Self::find_by_refresh`] and `current` MUST stay findable.
    ///
    /// # Errors
    /// Storage failure.
    async fn rotate_refresh(
        &self,
        id: SessionId,
        current: &TokenHash,
        next: &TokenHash,
        now: OffsetDateTime,
    ) -> anyhow::Result<RotateOutcome>;

    /// Sets `last_seen_at = now` if the session exists; otherwise does nothing.
    ///
    /// # Errors
    /// Storage failure.
    async fn touch(&self, id: SessionId, now: OffsetDateTime) -> anyhow::Result<()>;

    /// Ends one session at once. Returns whether it existed.
    ///
    /// # Errors
    /// Storage failure.
    async fn revoke(&self, id: SessionId) -> anyhow::Result<bool>;

    /// The user's sessions, newest first (revoked ones excluded).
    ///
    /// # Errors
    /// Storage failure.
    async fn list_for_user(&self, user: UserId) -> anyhow::Result<Vec<Session>>;

    /// Ends every session of `user` except `keep`. Returns how many ended.
    ///
    /// # Errors
    /// Storage failure.
    async fn revoke_all_for_user(
        &self,
        user: UserId,
        keep: Option<SessionId>,
    ) -> anyhow::Result<u64>;
}

/// What a one-time token is for; a token of one purpose never works for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenPurpose {
    /// Proves ownership of the account's address.
    VerifyEmail,
    /// Allows setting a new password without the old one.
    PasswordReset,
    /// Proves ownership of a new address (the address is the token's payload).
    EmailChange,
}

impl TokenPurpose {
    /// The stored name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::VerifyEmail => "verify_email",
            Self::PasswordReset => "password_reset",
            Self::EmailChange => "email_change",
        }
    }
}

/// A one-time token as stored: only its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneTimeToken {
    /// SHA-256 of the token text.
    pub hash: TokenHash,
    /// Whose token it is.
    pub user_id: UserId,
    /// What it unlocks.
    pub purpose: TokenPurpose,
    /// When it was issued.
    pub created_at: OffsetDateTime,
    /// When it stops working.
    pub expires_at: OffsetDateTime,
    /// Data the token carries (the new address of an e-mail change), never secret.
    pub payload: Option<String>,
}

/// Stores single-use, expiring tokens (e-mail verification, password reset, e-mail change).
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait OneTimeTokenStore: Send + Sync {
    /// Stores a token.
    ///
    /// # Errors
    /// Storage failure.
    async fn insert(&self, token: &OneTimeToken) -> anyhow::Result<()>;

    /// The user of a token that would be accepted by [`Self::consume`] at `now`, without using
    /// it up (so input can be checked before the token is spent).
    ///
    /// # Errors
    /// Storage failure.
    async fn find_live(
        &self,
        hash: &TokenHash,
        purpose: TokenPurpose,
        now: OffsetDateTime,
    ) -> anyhow::Result<Option<UserId>>;

    /// The payload of a token that [`Self::consume`] would accept at `now`.
    ///
    /// # Errors
    /// Storage failure.
    async fn live_payload(
        &self,
        hash: &TokenHash,
        purpose: TokenPurpose,
        now: OffsetDateTime,
    ) -> anyhow::Result<Option<String>>;

    /// Uses up a token: returns its user exactly once for a token of this `purpose` that is
    /// not expired at `now`; `None` for an unknown, used, expired or other-purpose token.
    /// Of concurrent calls, MUST let exactly one succeed.
    ///
    /// # Errors
    /// Storage failure.
    async fn consume(
        &self,
        hash: &TokenHash,
        purpose: TokenPurpose,
        now: OffsetDateTime,
    ) -> anyhow::Result<Option<UserId>>;

    /// When the newest token of this purpose was issued to this user, if any.
    ///
    /// # Errors
    /// Storage failure.
    async fn latest_issued_at(
        &self,
        user: UserId,
        purpose: TokenPurpose,
    ) -> anyhow::Result<Option<OffsetDateTime>>;
}

/// A message the auth domain sends. Adapters render it with their templates.
#[derive(Debug, Clone)]
pub enum AuthMail {
    /// Confirm your address with this token.
    VerifyEmail {
        /// How to address the reader.
        display_name: DisplayName,
        /// The single-use token (secret).
        token: SecretString,
        /// Hours until it expires.
        valid_hours: i64,
    },
    /// A code to choose a new password.
    PasswordReset {
        /// How to address the reader.
        display_name: DisplayName,
        /// The single-use token (secret).
        token: SecretString,
        /// Minutes until it expires.
        valid_minutes: i64,
    },
    /// Your password was changed (by a reset or by you); all sessions were ended.
    PasswordChanged {
        /// How to address the reader.
        display_name: DisplayName,
    },
    /// Someone tried to register with your address, or to move another account to it; it
    /// already belongs to yours.
    AlreadyRegistered {
        /// How to address the reader.
        display_name: DisplayName,
    },
    /// Confirm this new sign-in address with this token (sent to the new address).
    ConfirmEmailChange {
        /// How to address the reader.
        display_name: DisplayName,
        /// The single-use token (secret).
        token: SecretString,
        /// Hours until it expires.
        valid_hours: i64,
    },
    /// Your sign-in address was changed (sent to the old address).
    EmailChanged {
        /// How to address the reader.
        display_name: DisplayName,
    },
    /// A provider sign-in (GitHub, Google) was linked to your account.
    IdentityLinked {
        /// How to address the reader.
        display_name: DisplayName,
        /// `github` or `google`.
        provider: String,
    },
}

/// Sends e-mail.
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait Mailer: Send + Sync {
    /// Delivers (or durably queues) one message to `to`.
    ///
    /// # Errors
    /// When the message could not be handed over; it was then not sent.
    async fn send(&self, to: &Email, mail: AuthMail) -> anyhow::Result<()>;
}
