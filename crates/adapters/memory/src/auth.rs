//! Memory adapters for the auth ports.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use mentor_auth::{
    AuditEvent, AuditLog, AuditQuery, AuthMail, DisplayName, Email, InsertUserError, Mailer,
    OneTimeToken, OneTimeTokenStore, PasswordHash, Role, RotateOutcome, Session, SessionStore,
    TokenHash, TokenPurpose, User, UserQuery, UserRepository,
};
use mentor_kernel::{SessionId, UserId};
use time::OffsetDateTime;

use crate::lock;

/// Accounts in a map.
#[derive(Debug, Default, Clone)]
pub struct MemoryUserRepository {
    users: Arc<Mutex<HashMap<UserId, User>>>,
}

impl MemoryUserRepository {
    /// An empty repository.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait]
impl UserRepository for MemoryUserRepository {
    async fn insert(&self, user: &User) -> Result<(), InsertUserError> {
        let mut users = lock(&self.users);
        if users.values().any(|u| u.email == user.email) {
            return Err(InsertUserError::EmailTaken);
        }
        users.insert(user.id, user.clone());
        Ok(())
    }

    async fn find_by_id(&self, id: UserId) -> anyhow::Result<Option<User>> {
        Ok(lock(&self.users).get(&id).cloned())
    }

    async fn find_by_email(&self, email: &Email) -> anyhow::Result<Option<User>> {
        Ok(lock(&self.users)
            .values()
            .find(|u| &u.email == email)
            .cloned())
    }

    async fn update_password(&self, id: UserId, hash: &PasswordHash) -> anyhow::Result<()> {
        if let Some(user) = lock(&self.users).get_mut(&id) {
            user.password_hash = Some(hash.clone());
        }
        Ok(())
    }

    async fn mark_email_verified(&self, id: UserId, at: OffsetDateTime) -> anyhow::Result<()> {
        if let Some(user) = lock(&self.users).get_mut(&id) {
            user.email_verified_at.get_or_insert(at);
        }
        Ok(())
    }

    async fn set_display_name(&self, id: UserId, name: &DisplayName) -> anyhow::Result<()> {
        if let Some(user) = lock(&self.users).get_mut(&id) {
            user.display_name = name.clone();
        }
        Ok(())
    }

    async fn list(&self, query: &UserQuery) -> anyhow::Result<Vec<User>> {
        let needle = query.email_contains.as_deref().map(str::to_lowercase);
        let mut users: Vec<User> = lock(&self.users)
            .values()
            .filter(|u| {
                query.after.is_none_or(|after| u.id > after)
                    && needle
                        .as_deref()
                        .is_none_or(|n| u.email.as_str().contains(n))
            })
            .cloned()
            .collect();
        users.sort_by_key(|u| u.id);
        users.truncate(usize::try_from(query.limit).unwrap_or(usize::MAX));
        Ok(users)
    }

    async fn set_disabled(&self, id: UserId, at: Option<OffsetDateTime>) -> anyhow::Result<bool> {
        Ok(lock(&self.users)
            .get_mut(&id)
            .map(|u| u.disabled_at = at)
            .is_some())
    }

    async fn set_roles(&self, id: UserId, roles: &[Role]) -> anyhow::Result<bool> {
        Ok(lock(&self.users)
            .get_mut(&id)
            .map(|u| u.roles = roles.to_vec())
            .is_some())
    }

    async fn change_email(
        &self,
        id: UserId,
        email: &Email,
        verified_at: OffsetDateTime,
    ) -> Result<(), InsertUserError> {
        let mut users = lock(&self.users);
        if users.values().any(|u| u.id != id && &u.email == email) {
            return Err(InsertUserError::EmailTaken);
        }
        if let Some(user) = users.get_mut(&id) {
            user.email = email.clone();
            user.email_verified_at = Some(verified_at);
        }
        Ok(())
    }
}

#[derive(Debug, Default)]
struct SessionState {
    sessions: HashMap<SessionId, Session>,
    refresh_index: HashMap<TokenHash, SessionId>,
}

/// Sessions in a map, with an index of every refresh hash each session ever had.
#[derive(Debug, Default, Clone)]
pub struct MemorySessionStore {
    state: Arc<Mutex<SessionState>>,
}

impl MemorySessionStore {
    /// An empty store.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait]
impl SessionStore for MemorySessionStore {
    async fn create(&self, session: &Session) -> anyhow::Result<()> {
        let mut state = lock(&self.state);
        state
            .refresh_index
            .insert(session.refresh_hash.clone(), session.id);
        state.sessions.insert(session.id, session.clone());
        Ok(())
    }

    async fn get(&self, id: SessionId) -> anyhow::Result<Option<Session>> {
        Ok(lock(&self.state).sessions.get(&id).cloned())
    }

    async fn find_by_refresh(&self, hash: &TokenHash) -> anyhow::Result<Option<SessionId>> {
        let state = lock(&self.state);
        Ok(state
            .refresh_index
            .get(hash)
            .copied()
            .filter(|id| state.sessions.contains_key(id)))
    }

    async fn rotate_refresh(
        &self,
        id: SessionId,
        current: &TokenHash,
        next: &TokenHash,
        now: OffsetDateTime,
    ) -> anyhow::Result<RotateOutcome> {
        let mut state = lock(&self.state);
        let Some(session) = state.sessions.get_mut(&id) else {
            return Ok(RotateOutcome::Missing);
        };
        if &session.refresh_hash != current {
            return Ok(RotateOutcome::Stale);
        }
        session.refresh_hash = next.clone();
        session.last_seen_at = now;
        state.refresh_index.insert(next.clone(), id);
        Ok(RotateOutcome::Rotated)
    }

    async fn touch(&self, id: SessionId, now: OffsetDateTime) -> anyhow::Result<()> {
        if let Some(session) = lock(&self.state).sessions.get_mut(&id) {
            session.last_seen_at = now;
        }
        Ok(())
    }

    async fn revoke(&self, id: SessionId) -> anyhow::Result<bool> {
        let mut state = lock(&self.state);
        let existed = state.sessions.remove(&id).is_some();
        state.refresh_index.retain(|_, sid| *sid != id);
        Ok(existed)
    }

    async fn list_for_user(&self, user: UserId) -> anyhow::Result<Vec<Session>> {
        let mut sessions: Vec<Session> = lock(&self.state)
            .sessions
            .values()
            .filter(|s| s.user_id == user)
            .cloned()
            .collect();
        sessions.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
        Ok(sessions)
    }

    async fn revoke_all_for_user(
        &self,
        user: UserId,
        keep: Option<SessionId>,
    ) -> anyhow::Result<u64> {
        let mut state = lock(&self.state);
        let ended: Vec<SessionId> = state
            .sessions
            .values()
            .filter(|s| s.user_id == user && Some(s.id) != keep)
            .map(|s| s.id)
            .collect();
        for id in &ended {
            state.sessions.remove(id);
        }
        state.refresh_index.retain(|_, sid| !ended.contains(sid));
        Ok(ended.len() as u64)
    }
}

#[derive(Debug, Clone)]
struct StoredToken {
    token: OneTimeToken,
    used: bool,
}

/// One-time tokens in a map.
#[derive(Debug, Default, Clone)]
pub struct MemoryOneTimeTokenStore {
    tokens: Arc<Mutex<HashMap<TokenHash, StoredToken>>>,
}

impl MemoryOneTimeTokenStore {
    /// An empty store.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait]
impl OneTimeTokenStore for MemoryOneTimeTokenStore {
    async fn insert(&self, token: &OneTimeToken) -> anyhow::Result<()> {
        lock(&self.tokens).insert(
            token.hash.clone(),
            StoredToken {
                token: token.clone(),
                used: false,
            },
        );
        Ok(())
    }

    async fn live_payload(
        &self,
        hash: &TokenHash,
        purpose: TokenPurpose,
        now: OffsetDateTime,
    ) -> anyhow::Result<Option<String>> {
        Ok(lock(&self.tokens)
            .get(hash)
            .filter(|t| !t.used && t.token.purpose == purpose && now < t.token.expires_at)
            .and_then(|t| t.token.payload.clone()))
    }

    async fn find_live(
        &self,
        hash: &TokenHash,
        purpose: TokenPurpose,
        now: OffsetDateTime,
    ) -> anyhow::Result<Option<UserId>> {
        Ok(lock(&self.tokens)
            .get(hash)
            .filter(|t| !t.used && t.token.purpose == purpose && now < t.token.expires_at)
            .map(|t| t.token.user_id))
    }

    async fn consume(
        &self,
        hash: &TokenHash,
        purpose: TokenPurpose,
        now: OffsetDateTime,
    ) -> anyhow::Result<Option<UserId>> {
        let mut tokens = lock(&self.tokens);
        match tokens.get_mut(hash) {
            Some(stored)
                if !stored.used
                    && stored.token.purpose == purpose
                    && now < stored.token.expires_at =>
            {
                stored.used = true;
                Ok(Some(stored.token.user_id))
            }
            _ => Ok(None),
        }
    }

    async fn latest_issued_at(
        &self,
        user: UserId,
        purpose: TokenPurpose,
    ) -> anyhow::Result<Option<OffsetDateTime>> {
        Ok(lock(&self.tokens)
            .values()
            .filter(|t| t.token.user_id == user && t.token.purpose == purpose)
            .map(|t| t.token.created_at)
            .max())
    }
}

/// One message handed to [`MemoryMailer`].
#[derive(Debug, Clone)]
pub struct SentMail {
    /// Recipient.
    pub to: Email,
    /// The message.
    pub mail: AuthMail,
}

/// Keeps every message in a list instead of sending it.
#[derive(Debug, Default, Clone)]
pub struct MemoryMailer {
    sent: Arc<Mutex<Vec<SentMail>>>,
}

impl MemoryMailer {
    /// An empty mailbox.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Every message sent so far, oldest first.
    #[must_use]
    pub fn sent(&self) -> Vec<SentMail> {
        lock(&self.sent).clone()
    }
}

#[async_trait]
impl Mailer for MemoryMailer {
    async fn send(&self, to: &Email, mail: AuthMail) -> anyhow::Result<()> {
        lock(&self.sent).push(SentMail {
            to: to.clone(),
            mail,
        });
        Ok(())
    }
}

/// Audit events in a list.
#[derive(Debug, Default, Clone)]
pub struct MemoryAuditLog {
    events: Arc<Mutex<Vec<AuditEvent>>>,
}

impl MemoryAuditLog {
    /// An empty trail.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait]
impl AuditLog for MemoryAuditLog {
    async fn record(&self, event: &AuditEvent) -> anyhow::Result<()> {
        lock(&self.events).push(event.clone());
        Ok(())
    }

    async fn list(&self, q: &AuditQuery) -> anyhow::Result<Vec<AuditEvent>> {
        let mut events: Vec<AuditEvent> = lock(&self.events)
            .iter()
            .filter(|e| {
                q.user.is_none_or(|u| e.user_id == u)
                    && q.action.is_none_or(|a| e.action == a)
                    && q.before.is_none_or(|b| e.id < b)
            })
            .cloned()
            .collect();
        events.sort_by_key(|e| std::cmp::Reverse(e.id));
        events.truncate(usize::try_from(q.limit).unwrap_or(usize::MAX));
        Ok(events)
    }
}
