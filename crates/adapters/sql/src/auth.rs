//! SQL adapters for the auth ports.

use anyhow::Context as _;
use async_trait::async_trait;
use mentor_auth::{
    AuditAction, AuditEvent, AuditLog, AuditQuery, DisplayName, Email, InsertUserError,
    OneTimeToken, OneTimeTokenStore, PasswordHash, Role, RotateOutcome, Session, SessionStore,
    TokenHash, TokenPurpose, User, UserQuery, UserRepository,
};
use mentor_kernel::{SessionId, UserId};
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, SqlErr, TransactionTrait,
};
use time::OffsetDateTime;

use crate::entities::{audit_event, one_time_token, session, session_refresh_token, user};

/// Accounts in the `users` table.
#[derive(Debug, Clone)]
pub struct SqlUserRepository {
    db: DatabaseConnection,
}

impl SqlUserRepository {
    /// Uses the given pool.
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn roles_to_column(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn user_from_row(row: user::Model) -> anyhow::Result<User> {
    let mut roles = row
        .roles
        .split(',')
        .map(|r| Role::parse(r).with_context(|| format!("unknown role {r:?} for user {}", row.id)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    roles.sort();
    roles.dedup();
    Ok(User {
        id: UserId::from_uuid(row.id),
        email: Email::parse(&row.email)
            .with_context(|| format!("stored email of user {}", row.id))?,
        display_name: DisplayName::parse(&row.display_name)
            .with_context(|| format!("stored display name of user {}", row.id))?,
        password_hash: row.password_hash.map(PasswordHash::new),
        email_verified_at: row.email_verified_at,
        roles,
        created_at: row.created_at,
        disabled_at: row.disabled_at,
    })
}

fn is_unique_violation(err: &DbErr) -> bool {
    matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

#[async_trait]
impl UserRepository for SqlUserRepository {
    async fn insert(&self, u: &User) -> Result<(), InsertUserError> {
        let row = user::ActiveModel {
            id: Set(u.id.as_uuid()),
            email: Set(u.email.as_str().to_owned()),
            display_name: Set(u.display_name.as_str().to_owned()),
            password_hash: Set(u.password_hash.as_ref().map(|h| h.as_str().to_owned())),
            email_verified_at: Set(u.email_verified_at),
            roles: Set(roles_to_column(&u.roles)),
            created_at: Set(u.created_at),
            disabled_at: Set(u.disabled_at),
        };
        match user::Entity::insert(row)
            .exec_without_returning(&self.db)
            .await
        {
            Ok(_) => Ok(()),
            Err(e) if is_unique_violation(&e) => Err(InsertUserError::EmailTaken),
            Err(e) => Err(InsertUserError::Unexpected(e.into())),
        }
    }

    async fn find_by_id(&self, id: UserId) -> anyhow::Result<Option<User>> {
        user::Entity::find_by_id(id.as_uuid())
            .one(&self.db)
            .await?
            .map(user_from_row)
            .transpose()
    }

    async fn find_by_email(&self, email: &Email) -> anyhow::Result<Option<User>> {
        user::Entity::find()
            .filter(user::Column::Email.eq(email.as_str()))
            .one(&self.db)
            .await?
            .map(user_from_row)
            .transpose()
    }

    async fn update_password(&self, id: UserId, hash: &PasswordHash) -> anyhow::Result<()> {
        user::Entity::update_many()
            .col_expr(user::Column::PasswordHash, Expr::value(hash.as_str()))
            .filter(user::Column::Id.eq(id.as_uuid()))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    async fn mark_email_verified(&self, id: UserId, at: OffsetDateTime) -> anyhow::Result<()> {
        user::Entity::update_many()
            .col_expr(user::Column::EmailVerifiedAt, Expr::value(at))
            .filter(user::Column::Id.eq(id.as_uuid()))
            .filter(user::Column::EmailVerifiedAt.is_null())
            .exec(&self.db)
            .await?;
        Ok(())
    }

    async fn set_display_name(&self, id: UserId, name: &DisplayName) -> anyhow::Result<()> {
        user::Entity::update_many()
            .col_expr(user::Column::DisplayName, Expr::value(name.as_str()))
            .filter(user::Column::Id.eq(id.as_uuid()))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    async fn list(&self, query: &UserQuery) -> anyhow::Result<Vec<User>> {
        let mut select = user::Entity::find();
        if let Some(after) = query.after {
            select = select.filter(user::Column::Id.gt(after.as_uuid()));
        }
        if let Some(needle) = query.email_contains.as_deref() {
            // Stored addresses are lower-case; LIKE wildcards in the needle are escaped.
            let escaped = needle
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            select = select.filter(
                Expr::col(user::Column::Email)
                    .like(sea_orm::sea_query::LikeExpr::new(format!("%{escaped}%")).escape('\\')),
            );
        }
        select
            .order_by_asc(user::Column::Id)
            .limit(query.limit)
            .all(&self.db)
            .await?
            .into_iter()
            .map(user_from_row)
            .collect()
    }

    async fn set_disabled(&self, id: UserId, at: Option<OffsetDateTime>) -> anyhow::Result<bool> {
        let result = user::Entity::update_many()
            .col_expr(user::Column::DisabledAt, Expr::value(at))
            .filter(user::Column::Id.eq(id.as_uuid()))
            .exec(&self.db)
            .await?;
        Ok(result.rows_affected > 0)
    }

    async fn set_roles(&self, id: UserId, roles: &[Role]) -> anyhow::Result<bool> {
        let result = user::Entity::update_many()
            .col_expr(user::Column::Roles, Expr::value(roles_to_column(roles)))
            .filter(user::Column::Id.eq(id.as_uuid()))
            .exec(&self.db)
            .await?;
        Ok(result.rows_affected > 0)
    }

    async fn change_email(
        &self,
        id: UserId,
        email: &Email,
        verified_at: OffsetDateTime,
    ) -> Result<(), InsertUserError> {
        let outcome = user::Entity::update_many()
            .col_expr(user::Column::Email, Expr::value(email.as_str()))
            .col_expr(user::Column::EmailVerifiedAt, Expr::value(verified_at))
            .filter(user::Column::Id.eq(id.as_uuid()))
            .exec(&self.db)
            .await;
        match outcome {
            Ok(_) => Ok(()),
            Err(e) if is_unique_violation(&e) => Err(InsertUserError::EmailTaken),
            Err(e) => Err(InsertUserError::Unexpected(e.into())),
        }
    }
}

/// Sessions in the `sessions` table, every refresh hash in `session_refresh_tokens`. This is
/// the embedded default's store, so sessions survive a restart.
#[derive(Debug, Clone)]
pub struct SqlSessionStore {
    db: DatabaseConnection,
}

impl SqlSessionStore {
    /// Uses the given pool.
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn session_from_row(row: session::Model) -> Session {
    Session {
        id: SessionId::from_uuid(row.id),
        user_id: UserId::from_uuid(row.user_id),
        refresh_hash: TokenHash::from_stored(row.refresh_hash),
        created_at: row.created_at,
        last_seen_at: row.last_seen_at,
        expires_at: row.expires_at,
        user_agent: row.user_agent,
        ip: row.ip,
    }
}

fn refresh_row(
    hash: &TokenHash,
    id: SessionId,
    now: OffsetDateTime,
) -> session_refresh_token::ActiveModel {
    session_refresh_token::ActiveModel {
        token_hash: Set(hash.as_str().to_owned()),
        session_id: Set(id.as_uuid()),
        created_at: Set(now),
    }
}

#[async_trait]
impl SessionStore for SqlSessionStore {
    async fn create(&self, s: &Session) -> anyhow::Result<()> {
        let txn = self.db.begin().await?;
        session::Entity::insert(session::ActiveModel {
            id: Set(s.id.as_uuid()),
            user_id: Set(s.user_id.as_uuid()),
            refresh_hash: Set(s.refresh_hash.as_str().to_owned()),
            created_at: Set(s.created_at),
            last_seen_at: Set(s.last_seen_at),
            expires_at: Set(s.expires_at),
            user_agent: Set(s.user_agent.clone()),
            ip: Set(s.ip.clone()),
        })
        .exec_without_returning(&txn)
        .await?;
        session_refresh_token::Entity::insert(refresh_row(&s.refresh_hash, s.id, s.created_at))
            .exec_without_returning(&txn)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    async fn get(&self, id: SessionId) -> anyhow::Result<Option<Session>> {
        Ok(session::Entity::find_by_id(id.as_uuid())
            .one(&self.db)
            .await?
            .map(session_from_row))
    }

    async fn find_by_refresh(&self, hash: &TokenHash) -> anyhow::Result<Option<SessionId>> {
        Ok(
            session_refresh_token::Entity::find_by_id(hash.as_str().to_owned())
                .one(&self.db)
                .await?
                .map(|row| SessionId::from_uuid(row.session_id)),
        )
    }

    async fn rotate_refresh(
        &self,
        id: SessionId,
        current: &TokenHash,
        next: &TokenHash,
        now: OffsetDateTime,
    ) -> anyhow::Result<RotateOutcome> {
        let txn = self.db.begin().await?;
        let swapped = session::Entity::update_many()
            .col_expr(session::Column::RefreshHash, Expr::value(next.as_str()))
            .col_expr(session::Column::LastSeenAt, Expr::value(now))
            .filter(session::Column::Id.eq(id.as_uuid()))
            .filter(session::Column::RefreshHash.eq(current.as_str()))
            .exec(&txn)
            .await?
            .rows_affected;
        if swapped == 1 {
            session_refresh_token::Entity::insert(refresh_row(next, id, now))
                .exec_without_returning(&txn)
                .await?;
            txn.commit().await?;
            return Ok(RotateOutcome::Rotated);
        }
        let exists = session::Entity::find_by_id(id.as_uuid())
            .select_only()
            .column(session::Column::Id)
            .into_tuple::<uuid::Uuid>()
            .one(&txn)
            .await?
            .is_some();
        txn.commit().await?;
        Ok(if exists {
            RotateOutcome::Stale
        } else {
            RotateOutcome::Missing
        })
    }

    async fn touch(&self, id: SessionId, now: OffsetDateTime) -> anyhow::Result<()> {
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, Expr::value(now))
            .filter(session::Column::Id.eq(id.as_uuid()))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    async fn revoke(&self, id: SessionId) -> anyhow::Result<bool> {
        Ok(self.delete_sessions(vec![id.as_uuid()]).await? > 0)
    }

    async fn list_for_user(&self, user: UserId) -> anyhow::Result<Vec<Session>> {
        Ok(session::Entity::find()
            .filter(session::Column::UserId.eq(user.as_uuid()))
            .order_by_desc(session::Column::CreatedAt)
            .order_by_desc(session::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(session_from_row)
            .collect())
    }

    async fn revoke_all_for_user(
        &self,
        user: UserId,
        keep: Option<SessionId>,
    ) -> anyhow::Result<u64> {
        let mut query = session::Entity::find()
            .select_only()
            .column(session::Column::Id)
            .filter(session::Column::UserId.eq(user.as_uuid()));
        if let Some(keep) = keep {
            query = query.filter(session::Column::Id.ne(keep.as_uuid()));
        }
        let ids: Vec<uuid::Uuid> = query.into_tuple().all(&self.db).await?;
        self.delete_sessions(ids).await
    }
}

impl SqlSessionStore {
    /// Deletes sessions and their refresh hashes in one transaction.
    async fn delete_sessions(&self, ids: Vec<uuid::Uuid>) -> anyhow::Result<u64> {
        if ids.is_empty() {
            return Ok(0);
        }
        let txn = self.db.begin().await?;
        session_refresh_token::Entity::delete_many()
            .filter(session_refresh_token::Column::SessionId.is_in(ids.clone()))
            .exec(&txn)
            .await?;
        let deleted = session::Entity::delete_many()
            .filter(session::Column::Id.is_in(ids))
            .exec(&txn)
            .await?
            .rows_affected;
        txn.commit().await?;
        Ok(deleted)
    }
}

/// One-time tokens in the `one_time_tokens` table.
#[derive(Debug, Clone)]
pub struct SqlOneTimeTokenStore {
    db: DatabaseConnection,
}

impl SqlOneTimeTokenStore {
    /// Uses the given pool.
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl OneTimeTokenStore for SqlOneTimeTokenStore {
    async fn insert(&self, t: &OneTimeToken) -> anyhow::Result<()> {
        one_time_token::Entity::insert(one_time_token::ActiveModel {
            token_hash: Set(t.hash.as_str().to_owned()),
            user_id: Set(t.user_id.as_uuid()),
            purpose: Set(t.purpose.as_str().to_owned()),
            created_at: Set(t.created_at),
            expires_at: Set(t.expires_at),
            used_at: Set(None),
            payload: Set(t.payload.clone()),
        })
        .exec_without_returning(&self.db)
        .await?;
        Ok(())
    }

    async fn live_payload(
        &self,
        hash: &TokenHash,
        purpose: TokenPurpose,
        now: OffsetDateTime,
    ) -> anyhow::Result<Option<String>> {
        Ok(one_time_token::Entity::find()
            .filter(one_time_token::Column::TokenHash.eq(hash.as_str()))
            .filter(one_time_token::Column::Purpose.eq(purpose.as_str()))
            .filter(one_time_token::Column::UsedAt.is_null())
            .filter(one_time_token::Column::ExpiresAt.gt(now))
            .one(&self.db)
            .await?
            .and_then(|row| row.payload))
    }

    async fn find_live(
        &self,
        hash: &TokenHash,
        purpose: TokenPurpose,
        now: OffsetDateTime,
    ) -> anyhow::Result<Option<UserId>> {
        Ok(one_time_token::Entity::find()
            .select_only()
            .column(one_time_token::Column::UserId)
            .filter(one_time_token::Column::TokenHash.eq(hash.as_str()))
            .filter(one_time_token::Column::Purpose.eq(purpose.as_str()))
            .filter(one_time_token::Column::UsedAt.is_null())
            .filter(one_time_token::Column::ExpiresAt.gt(now))
            .into_tuple::<uuid::Uuid>()
            .one(&self.db)
            .await?
            .map(UserId::from_uuid))
    }

    async fn consume(
        &self,
        hash: &TokenHash,
        purpose: TokenPurpose,
        now: OffsetDateTime,
    ) -> anyhow::Result<Option<UserId>> {
        let used = one_time_token::Entity::update_many()
            .col_expr(one_time_token::Column::UsedAt, Expr::value(now))
            .filter(one_time_token::Column::TokenHash.eq(hash.as_str()))
            .filter(one_time_token::Column::Purpose.eq(purpose.as_str()))
            .filter(one_time_token::Column::UsedAt.is_null())
            .filter(one_time_token::Column::ExpiresAt.gt(now))
            .exec(&self.db)
            .await?
            .rows_affected;
        if used != 1 {
            return Ok(None);
        }
        Ok(one_time_token::Entity::find_by_id(hash.as_str().to_owned())
            .one(&self.db)
            .await?
            .map(|row| UserId::from_uuid(row.user_id)))
    }

    async fn latest_issued_at(
        &self,
        user: UserId,
        purpose: TokenPurpose,
    ) -> anyhow::Result<Option<OffsetDateTime>> {
        Ok(one_time_token::Entity::find()
            .select_only()
            .column(one_time_token::Column::CreatedAt)
            .filter(one_time_token::Column::UserId.eq(user.as_uuid()))
            .filter(one_time_token::Column::Purpose.eq(purpose.as_str()))
            .order_by_desc(one_time_token::Column::CreatedAt)
            .into_tuple::<OffsetDateTime>()
            .one(&self.db)
            .await?)
    }
}

/// The audit trail in the `audit_events` table (append-only: nothing here updates or deletes).
#[derive(Debug, Clone)]
pub struct SqlAuditLog {
    db: DatabaseConnection,
}

impl SqlAuditLog {
    /// Uses the given pool.
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl AuditLog for SqlAuditLog {
    async fn record(&self, event: &AuditEvent) -> anyhow::Result<()> {
        audit_event::Entity::insert(audit_event::ActiveModel {
            id: Set(event.id),
            at: Set(event.at),
            user_id: Set(event.user_id.as_uuid()),
            action: Set(event.action.as_str().to_owned()),
            ip: Set(event.ip.clone()),
            actor_id: Set(event.actor_id.map(|a| a.as_uuid())),
            detail: Set(event.detail.clone()),
        })
        .exec_without_returning(&self.db)
        .await?;
        Ok(())
    }

    async fn list(&self, q: &AuditQuery) -> anyhow::Result<Vec<AuditEvent>> {
        let mut query = audit_event::Entity::find();
        if let Some(user) = q.user {
            query = query.filter(audit_event::Column::UserId.eq(user.as_uuid()));
        }
        if let Some(action) = q.action {
            query = query.filter(audit_event::Column::Action.eq(action.as_str()));
        }
        if let Some(before) = q.before {
            query = query.filter(audit_event::Column::Id.lt(before));
        }
        query
            .order_by_desc(audit_event::Column::Id)
            .limit(q.limit)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|row| {
                Ok(AuditEvent {
                    id: row.id,
                    at: row.at,
                    user_id: UserId::from_uuid(row.user_id),
                    action: AuditAction::parse(&row.action)
                        .with_context(|| format!("unknown audit action {:?}", row.action))?,
                    ip: row.ip,
                    actor_id: row.actor_id.map(UserId::from_uuid),
                    detail: row.detail,
                })
            })
            .collect()
    }
}
