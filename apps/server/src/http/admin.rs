//! The admin API: every route takes [`AdminUser`], which reads the caller's account fresh
//! (role and disablement take effect on the next request). Users are listed with a cursor
//! and searched by address; admins disable and enable accounts, change roles, end sessions,
//! and read the whole audit trail.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use mentor_auth::{AdminError, AuditAction, AuditQuery, Principal, Role, User, UserFilter};
use mentor_kernel::UserId;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::extract::authenticate;
use super::problem::{ApiError, FieldErrors, Problem};
use super::state::AppState;

/// A signed-in caller whose account holds the `admin` role right now; 401 or 403 otherwise.
#[derive(Debug, Clone)]
pub struct AdminUser {
    /// The admin's session.
    pub principal: Principal,
    /// The admin's account, as read for this request.
    pub user: User,
}

impl FromRequest for AdminUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let principal = authenticate(&req).await?;
            let state = req
                .app_data::<web::Data<AppState>>()
                .cloned()
                .ok_or_else(|| ApiError::internal(anyhow::anyhow!("application state missing")))?;
            let user = state.auth.require_role(&principal, Role::Admin).await?;
            Ok(Self { principal, user })
        })
    }
}

/// An admin's request with a JSON body that is read only once the caller is known to be an
/// admin: with a plain `web::Json` beside [`AdminUser`], a stranger's missing or malformed
/// body could be answered (415, 400) before the 401 or 403 they are owed.
#[derive(Debug)]
pub struct AdminJson<T> {
    /// The admin.
    pub admin: AdminUser,
    /// The body.
    pub body: T,
}

impl<T: serde::de::DeserializeOwned + 'static> FromRequest for AdminJson<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let mut payload = payload.take();
        Box::pin(async move {
            let admin = AdminUser::from_request(&req, &mut Payload::None).await?;
            let body = web::Json::<T>::from_request(&req, &mut payload).await?;
            Ok(Self {
                admin,
                body: body.into_inner(),
            })
        })
    }
}

impl From<AdminError> for ApiError {
    fn from(e: AdminError) -> Self {
        match e {
            AdminError::Forbidden => Self::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "You are not allowed to do this",
            )
            .detail("This needs a role your account does not have (or your account is disabled)."),
            AdminError::NotFound => Self::not_found().detail("No such user."),
            AdminError::SelfLockout => Self::new(
                StatusCode::CONFLICT,
                "self-lockout",
                "Admins cannot lock themselves out",
            )
            .detail("You cannot disable your own account or remove your own admin role; ask another admin."),
            AdminError::Unexpected(e) => Self::internal(e),
        }
    }
}

/// An account as admins see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminUserView {
    /// Account id.
    #[schema(value_type = String, format = Uuid)]
    pub id: uuid::Uuid,
    /// Sign-in address.
    pub email: String,
    /// Display name.
    pub display_name: String,
    /// Roles.
    pub roles: Vec<String>,
    /// Whether the address is verified.
    pub email_verified: bool,
    /// Whether the account can sign in with a password.
    pub has_password: bool,
    /// When it was disabled; absent while enabled.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub disabled_at: Option<OffsetDateTime>,
    /// Creation time.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
}

impl From<&User> for AdminUserView {
    fn from(u: &User) -> Self {
        Self {
            id: u.id.as_uuid(),
            email: u.email.to_string(),
            display_name: u.display_name.as_str().to_owned(),
            roles: u.roles.iter().map(|r| r.as_str().to_owned()).collect(),
            email_verified: u.email_verified(),
            has_password: u.password_hash.is_some(),
            disabled_at: u.disabled_at,
            created_at: u.created_at,
        }
    }
}

/// `GET /admin/users` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct UsersQuery {
    /// Only addresses containing this text.
    pub q: Option<String>,
    /// Cursor: the `next` value of the previous page.
    pub after: Option<uuid::Uuid>,
    /// Page size, 1–100 (default 50).
    pub limit: Option<u64>,
}

/// A page of users.
#[derive(Debug, Serialize, ToSchema)]
pub struct UsersPage {
    /// Oldest first.
    pub users: Vec<AdminUserView>,
    /// Pass as `after` for the next page; absent on the last page.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub next: Option<uuid::Uuid>,
}

/// Lists accounts, oldest first, optionally searching by address.
#[utoipa::path(get, path = "/api/v1/admin/users", tag = "admin", params(UsersQuery),
    responses(
        (status = 200, description = "A page of users", body = UsersPage),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query", body = Problem, content_type = "application/problem+json")))]
pub async fn list_users(
    state: web::Data<AppState>,
    _admin: AdminUser,
    query: web::Query<UsersQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let mut errors = FieldErrors::default();
    if query.q.as_ref().is_some_and(|q| q.chars().count() > 254) {
        errors.add("q", "must be at most 254 characters");
    }
    errors.finish()?;
    let limit = query.limit.unwrap_or(50).clamp(1, 100);
    let users = state
        .auth
        .list_users(UserFilter {
            email_contains: query.q.filter(|q| !q.trim().is_empty()),
            after: query.after.map(UserId::from_uuid),
            limit,
        })
        .await?;
    let next = (u64::try_from(users.len()).unwrap_or(u64::MAX) == limit)
        .then(|| users.last().map(|u| u.id.as_uuid()))
        .flatten();
    Ok(HttpResponse::Ok().json(UsersPage {
        users: users.iter().map(AdminUserView::from).collect(),
        next,
    }))
}

/// One account.
#[utoipa::path(get, path = "/api/v1/admin/users/{id}", tag = "admin",
    params(("id" = String, Path, format = Uuid, description = "User id")),
    responses(
        (status = 200, description = "The user", body = AdminUserView),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json")))]
pub async fn get_user(
    state: web::Data<AppState>,
    _admin: AdminUser,
    path: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    let user = state.auth.get_user(UserId::from_uuid(*path)).await?;
    Ok(HttpResponse::Ok().json(AdminUserView::from(&user)))
}

/// Disables an account and ends every session of it at once.
#[utoipa::path(post, path = "/api/v1/admin/users/{id}/disable", tag = "admin",
    params(("id" = String, Path, format = Uuid, description = "User id"),
        ("X-CSRF-Token" = String, Header, description = "The CSRF token")),
    responses(
        (status = 200, description = "Disabled", body = AdminUserView),
        (status = 403, description = "Not an admin, or CSRF check failed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Your own account", body = Problem, content_type = "application/problem+json")))]
pub async fn disable_user(
    state: web::Data<AppState>,
    admin: AdminUser,
    path: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    let user = state
        .auth
        .set_user_disabled(&admin.principal, UserId::from_uuid(*path), true)
        .await?;
    Ok(HttpResponse::Ok().json(AdminUserView::from(&user)))
}

/// Enables a disabled account again.
#[utoipa::path(post, path = "/api/v1/admin/users/{id}/enable", tag = "admin",
    params(("id" = String, Path, format = Uuid, description = "User id"),
        ("X-CSRF-Token" = String, Header, description = "The CSRF token")),
    responses(
        (status = 200, description = "Enabled", body = AdminUserView),
        (status = 403, description = "Not an admin, or CSRF check failed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json")))]
pub async fn enable_user(
    state: web::Data<AppState>,
    admin: AdminUser,
    path: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    let user = state
        .auth
        .set_user_disabled(&admin.principal, UserId::from_uuid(*path), false)
        .await?;
    Ok(HttpResponse::Ok().json(AdminUserView::from(&user)))
}

/// New roles.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RolesBody {
    /// Roles besides `learner` (always kept): `mentor`, `admin`.
    pub roles: Vec<String>,
}

/// Replaces an account's roles; takes effect on its next request.
#[utoipa::path(put, path = "/api/v1/admin/users/{id}/roles", tag = "admin", request_body = RolesBody,
    params(("id" = String, Path, format = Uuid, description = "User id"),
        ("X-CSRF-Token" = String, Header, description = "The CSRF token")),
    responses(
        (status = 200, description = "Roles changed", body = AdminUserView),
        (status = 403, description = "Not an admin, or CSRF check failed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Your own admin role", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown role", body = Problem, content_type = "application/problem+json")))]
pub async fn set_roles(
    state: web::Data<AppState>,
    admin: AdminUser,
    path: web::Path<uuid::Uuid>,
    body: web::Json<RolesBody>,
) -> Result<HttpResponse, ApiError> {
    let mut errors = FieldErrors::default();
    let mut roles = Vec::new();
    if body.roles.len() > 3 {
        errors.add("roles", "at most 3 roles");
    }
    for raw in body.roles.iter().take(3) {
        match Role::parse(raw) {
            Some(role) => roles.push(role),
            None => errors.add(
                "roles",
                format!("unknown role {raw:?} (learner, mentor, admin)"),
            ),
        }
    }
    errors.finish()?;
    let user = state
        .auth
        .set_user_roles(&admin.principal, UserId::from_uuid(*path), roles)
        .await?;
    Ok(HttpResponse::Ok().json(AdminUserView::from(&user)))
}

/// How many sessions ended.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevokedCount {
    /// Sessions ended.
    pub revoked: u64,
}

/// Ends every session of an account at once.
#[utoipa::path(delete, path = "/api/v1/admin/users/{id}/sessions", tag = "admin",
    params(("id" = String, Path, format = Uuid, description = "User id"),
        ("X-CSRF-Token" = String, Header, description = "The CSRF token")),
    responses(
        (status = 200, description = "Sessions ended", body = RevokedCount),
        (status = 403, description = "Not an admin, or CSRF check failed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json")))]
pub async fn end_sessions(
    state: web::Data<AppState>,
    admin: AdminUser,
    path: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    let revoked = state
        .auth
        .end_user_sessions(&admin.principal, UserId::from_uuid(*path))
        .await?;
    Ok(HttpResponse::Ok().json(RevokedCount { revoked }))
}

/// `GET /admin/audit` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditQueryParams {
    /// Only events about this account.
    pub user_id: Option<uuid::Uuid>,
    /// Only events of this kind, e.g. `login_failed`.
    pub action: Option<String>,
    /// Cursor: the `next` value of the previous page.
    pub before: Option<uuid::Uuid>,
    /// Page size, 1–200 (default 50).
    pub limit: Option<u64>,
}

/// One audit event.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEventView {
    /// Event id.
    #[schema(value_type = String, format = Uuid)]
    pub id: uuid::Uuid,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub at: OffsetDateTime,
    /// The account it is about.
    #[schema(value_type = String, format = Uuid)]
    pub user_id: uuid::Uuid,
    /// Who acted, when an admin did.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub actor_id: Option<uuid::Uuid>,
    /// What happened (the outcome is part of the name, e.g. `login_failed`).
    pub action: String,
    /// From where.
    pub ip: Option<String>,
    /// Particulars, e.g. new roles or the provider.
    pub detail: Option<String>,
}

/// A page of audit events.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    /// Newest first.
    pub events: Vec<AuditEventView>,
    /// Pass as `before` for the next page; absent on the last page.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub next: Option<uuid::Uuid>,
}

/// The whole audit trail, newest first, filterable by account and action.
#[utoipa::path(get, path = "/api/v1/admin/audit", tag = "admin", params(AuditQueryParams),
    responses(
        (status = 200, description = "A page of events", body = AuditPage),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown action", body = Problem, content_type = "application/problem+json")))]
pub async fn audit(
    state: web::Data<AppState>,
    _admin: AdminUser,
    query: web::Query<AuditQueryParams>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let mut errors = FieldErrors::default();
    let action = match query.action.as_deref() {
        Some(raw) => {
            let parsed = AuditAction::parse(raw);
            if parsed.is_none() {
                errors.add("action", format!("unknown action {raw:?}"));
            }
            parsed
        }
        None => None,
    };
    errors.finish()?;
    let limit = query.limit.unwrap_or(50).clamp(1, 200);
    let events = state
        .auth
        .audit_trail(AuditQuery {
            user: query.user_id.map(UserId::from_uuid),
            action,
            before: query.before,
            limit,
        })
        .await?;
    let next = (u64::try_from(events.len()).unwrap_or(u64::MAX) == limit)
        .then(|| events.last().map(|e| e.id))
        .flatten();
    Ok(HttpResponse::Ok().json(AuditPage {
        events: events
            .into_iter()
            .map(|e| AuditEventView {
                id: e.id,
                at: e.at,
                user_id: e.user_id.as_uuid(),
                actor_id: e.actor_id.map(|a| a.as_uuid()),
                action: e.action.as_str().to_owned(),
                ip: e.ip,
                detail: e.detail,
            })
            .collect(),
        next,
    }))
}
