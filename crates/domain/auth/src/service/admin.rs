//! Administration of accounts: role checks read fresh from storage on every call, listing
//! and searching users, disabling and enabling, changing roles, ending sessions, and the
//! whole audit trail. Every change is audited with the admin as actor.

use mentor_kernel::UserId;

use super::{AuthService, Principal};
use crate::audit::{AuditAction, AuditEvent};
use crate::model::{Role, User};
use crate::ports::{AuditQuery, UserQuery};

/// Why an admin operation failed.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// The caller lacks the role (or their account is disabled).
    #[error("forbidden")]
    Forbidden,
    /// No such account.
    #[error("user not found")]
    NotFound,
    /// The change would lock the admin out (disable themselves, drop their own admin role).
    #[error("admins cannot disable themselves or remove their own admin role")]
    SelfLockout,
    /// A port failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Which users to list.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    /// Only addresses containing this text.
    pub email_contains: Option<String>,
    /// Only users after this one (the cursor).
    pub after: Option<UserId>,
    /// At most this many (1–100).
    pub limit: u64,
}

impl AuthService {
    /// The caller's account, read fresh, if it holds `role` and is enabled — so a role
    /// change or a disablement takes effect on the next request.
    ///
    /// # Errors
    /// [`AdminError::Forbidden`], [`AdminError::Unexpected`].
    pub async fn require_role(
        &self,
        principal: &Principal,
        role: Role,
    ) -> Result<User, AdminError> {
        let user = self
            .ports
            .users
            .find_by_id(principal.user_id)
            .await?
            .ok_or(AdminError::Forbidden)?;
        if user.disabled_at.is_some() || !user.roles.contains(&role) {
            tracing::info!(user_id = %user.id, role = role.as_str(), "authorization refused");
            self.record(
                AuditEvent::new(
                    user.id,
                    AuditAction::AccessDenied,
                    self.ports.clock.now(),
                    principal.ip_text(),
                )
                .with_detail(format!("needs role {}", role.as_str())),
            )
            .await;
            return Err(AdminError::Forbidden);
        }
        Ok(user)
    }

    /// Records an admin's action outside account administration (for example reviewing a
    /// generated exercise) in the audit trail, about the admin's own account. Never fails:
    /// a failing audit store is logged.
    pub async fn record_admin_action(
        &self,
        admin: &Principal,
        action: AuditAction,
        detail: impl Into<String>,
    ) {
        self.record(
            AuditEvent::new(
                admin.user_id,
                action,
                self.ports.clock.now(),
                admin.ip_text(),
            )
            .with_detail(detail),
        )
        .await;
    }

    /// Lists users, oldest first, filtered.
    ///
    /// # Errors
    /// [`AdminError::Unexpected`].
    pub async fn list_users(&self, filter: UserFilter) -> Result<Vec<User>, AdminError> {
        Ok(self
            .ports
            .users
            .list(&UserQuery {
                email_contains: filter.email_contains.map(|s| s.to_lowercase()),
                after: filter.after,
                limit: filter.limit.clamp(1, 100),
            })
            .await?)
    }

    /// One user.
    ///
    /// # Errors
    /// [`AdminError::NotFound`], [`AdminError::Unexpected`].
    pub async fn get_user(&self, id: UserId) -> Result<User, AdminError> {
        self.ports
            .users
            .find_by_id(id)
            .await?
            .ok_or(AdminError::NotFound)
    }

    /// Disables (ending every session at once) or enables an account.
    ///
    /// # Errors
    /// [`AdminError::NotFound`], [`AdminError::SelfLockout`], [`AdminError::Unexpected`].
    pub async fn set_user_disabled(
        &self,
        admin: &Principal,
        id: UserId,
        disabled: bool,
    ) -> Result<User, AdminError> {
        if disabled && id == admin.user_id {
            return Err(AdminError::SelfLockout);
        }
        let now = self.ports.clock.now();
        if !self
            .ports
            .users
            .set_disabled(id, disabled.then_some(now))
            .await?
        {
            return Err(AdminError::NotFound);
        }
        let action = if disabled {
            self.ports.sessions.revoke_all_for_user(id, None).await?;
            AuditAction::AccountDisabled
        } else {
            AuditAction::AccountEnabled
        };
        tracing::info!(admin = %admin.user_id, user_id = %id, disabled, "account state changed");
        self.record(AuditEvent::new(id, action, now, admin.ip_text()).by(admin.user_id))
            .await;
        self.get_user(id).await
    }

    /// Replaces an account's roles (`learner` is always kept).
    ///
    /// # Errors
    /// [`AdminError::NotFound`], [`AdminError::SelfLockout`], [`AdminError::Unexpected`].
    pub async fn set_user_roles(
        &self,
        admin: &Principal,
        id: UserId,
        mut roles: Vec<Role>,
    ) -> Result<User, AdminError> {
        roles.push(Role::Learner);
        roles.sort();
        roles.dedup();
        if id == admin.user_id && !roles.contains(&Role::Admin) {
            return Err(AdminError::SelfLockout);
        }
        if !self.ports.users.set_roles(id, &roles).await? {
            return Err(AdminError::NotFound);
        }
        let detail = roles
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(",");
        tracing::info!(admin = %admin.user_id, user_id = %id, roles = %detail, "roles changed");
        self.record(
            AuditEvent::new(
                id,
                AuditAction::RoleChanged,
                self.ports.clock.now(),
                admin.ip_text(),
            )
            .by(admin.user_id)
            .with_detail(detail),
        )
        .await;
        self.get_user(id).await
    }

    /// Ends every session of an account at once. Returns how many ended.
    ///
    /// # Errors
    /// [`AdminError::NotFound`], [`AdminError::Unexpected`].
    pub async fn end_user_sessions(
        &self,
        admin: &Principal,
        id: UserId,
    ) -> Result<u64, AdminError> {
        self.get_user(id).await?;
        let ended = self.ports.sessions.revoke_all_for_user(id, None).await?;
        tracing::info!(admin = %admin.user_id, user_id = %id, ended, "sessions ended by an admin");
        self.record(
            AuditEvent::new(
                id,
                AuditAction::SessionsRevokedByAdmin,
                self.ports.clock.now(),
                admin.ip_text(),
            )
            .by(admin.user_id),
        )
        .await;
        Ok(ended)
    }

    /// The audit trail, newest first, filtered.
    ///
    /// # Errors
    /// [`AdminError::Unexpected`].
    pub async fn audit_trail(&self, mut query: AuditQuery) -> Result<Vec<AuditEvent>, AdminError> {
        query.limit = query.limit.clamp(1, 200);
        Ok(self.ports.audit.list(&query).await?)
    }
}
