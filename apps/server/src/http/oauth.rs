//! Sign-in with GitHub and Google over HTTP: `start` redirects to the provider with the
//! sealed flow in a cookie; each provider has its own `callback` path (mix-up defence), which
//! sets the session cookies and redirects to the configured landing path — never with a
//! token, code or address in the URL. Also the user's identities: list and unlink.

use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, LOCATION};
use actix_web::{HttpRequest, HttpResponse, web};
use mentor_auth::{OAuthCallback, OAuthError, Provider, UnlinkError};
use secrecy::ExposeSecret as _;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::auth::{client_ip, new_csrf_token, set_session_cookies, user_agent};
use super::cookies::Kind;
use super::extract::Authenticated;
use super::problem::{ApiError, Problem};
use super::state::AppState;

fn provider(name: &str) -> Result<Provider, ApiError> {
    Provider::parse(name).ok_or_else(|| ApiError::not_found().detail("No such sign-in provider."))
}

impl From<OAuthError> for ApiError {
    fn from(e: OAuthError) -> Self {
        match e {
            OAuthError::NotConfigured => {
                Self::not_found().detail("This sign-in provider is not configured here.")
            }
            OAuthError::Unexpected(e) | OAuthError::Unavailable(e) => Self::internal(e),
            other => Self::internal(anyhow::anyhow!("unexpected OAuth error at start: {other}")),
        }
    }
}

/// Configured providers.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProvidersView {
    /// Provider names, e.g. `github`, `google`.
    pub providers: Vec<String>,
}

/// The sign-in providers configured on this server (for the sign-in page's buttons).
#[utoipa::path(get, path = "/api/v1/auth/providers", tag = "auth",
    responses((status = 200, description = "Configured providers", body = ProvidersView)))]
pub async fn providers(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(ProvidersView {
        providers: state
            .auth
            .providers()
            .into_iter()
            .map(|p| p.as_str().to_owned())
            .collect(),
    })
}

/// Starts signing in with a provider: redirects there (PKCE S256, one-time `state`, and a
/// `nonce` for OpenID Connect), keeping the flow in a short-lived `HttpOnly` cookie.
#[utoipa::path(get, path = "/api/v1/auth/oauth/{provider}/start", tag = "auth",
    params(("provider" = String, Path, description = "`github` or `google`")),
    responses(
        (status = 303, description = "Redirect to the provider"),
        (status = 404, description = "Unknown or unconfigured provider", body = Problem, content_type = "application/problem+json")))]
pub async fn start(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let provider = provider(&path)?;
    let start = state.auth.oauth_start(provider)?;
    let cookie = state.cookies.make(
        Kind::OAuthFlow,
        start.sealed_flow.expose_secret().to_owned(),
        OffsetDateTime::now_utc() + mentor_auth::oauth::FLOW_TTL,
    );
    Ok(HttpResponse::SeeOther()
        .insert_header((LOCATION, start.redirect_to))
        .insert_header((CACHE_CONTROL, "no-store"))
        .cookie(cookie)
        .finish())
}

/// What the provider sends back.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct CallbackQuery {
    /// Authorization code.
    pub code: Option<String>,
    /// The `state` from the start.
    pub state: Option<String>,
    /// The issuer (RFC 9207).
    pub iss: Option<String>,
    /// Set when the user or provider declined.
    pub error: Option<String>,
}

/// The provider's redirect back. On success: session cookies, then a redirect to the
/// configured landing path. On any refusal: no session, and a redirect to the failure path
/// with `?error=<code>` (see docs/auth.md).
#[utoipa::path(get, path = "/api/v1/auth/oauth/{provider}/callback", tag = "auth",
    params(("provider" = String, Path, description = "`github` or `google`"), CallbackQuery),
    responses(
        (status = 303, description = "Signed in (landing path) or refused (failure path with `error`)"),
        (status = 404, description = "Unknown provider", body = Problem, content_type = "application/problem+json")))]
pub async fn callback(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<CallbackQuery>,
) -> Result<HttpResponse, ApiError> {
    let provider = provider(&path)?;
    let query = query.into_inner();
    let callback = OAuthCallback {
        sealed_flow: state.cookies.read(&req, Kind::OAuthFlow),
        state: query.state,
        code: query.code,
        iss: query.iss,
        error: query.error,
        user_agent: user_agent(&req),
        ip: client_ip(&req, &state),
    };
    let outcome = state.auth.oauth_finish(provider, callback).await;
    let mut res = match outcome {
        Ok(tokens) => {
            let mut res = HttpResponse::SeeOther()
                .insert_header((LOCATION, state.oauth_success_path.clone()))
                .finish();
            set_session_cookies(&state, &mut res, &tokens, Some(new_csrf_token()))?;
            res
        }
        Err(e) => {
            if let OAuthError::Unexpected(e) | OAuthError::Unavailable(e) = &e {
                tracing::error!(error = format!("{e:#}"), "external sign-in failed");
            }
            let separator = if state.oauth_failure_path.contains('?') {
                '&'
            } else {
                '?'
            };
            HttpResponse::SeeOther()
                .insert_header((
                    LOCATION,
                    format!("{}{separator}error={}", state.oauth_failure_path, e.code()),
                ))
                .finish()
        }
    };
    res.headers_mut().insert(
        CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("no-store"),
    );
    res.add_cookie(&state.cookies.removal(Kind::OAuthFlow))
        .map_err(|e| ApiError::internal(e.into()))?;
    Ok(res)
}

/// One linked identity.
#[derive(Debug, Serialize, ToSchema)]
pub struct IdentityView {
    /// `github` or `google`.
    pub provider: String,
    /// The address the provider reported when linking.
    pub email: Option<String>,
    /// When it was linked.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub linked_at: OffsetDateTime,
}

/// The signed-in user's identities.
#[derive(Debug, Serialize, ToSchema)]
pub struct IdentitiesView {
    /// Linked identities.
    pub identities: Vec<IdentityView>,
}

/// The external identities linked to the signed-in account.
#[utoipa::path(get, path = "/api/v1/me/identities", tag = "me",
    responses(
        (status = 200, description = "Linked identities", body = IdentitiesView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json")))]
pub async fn identities(
    state: web::Data<AppState>,
    auth: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let identities = state
        .auth
        .identities(&auth.0)
        .await
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().json(IdentitiesView {
        identities: identities
            .into_iter()
            .map(|i| IdentityView {
                provider: i.provider.as_str().to_owned(),
                email: i.email,
                linked_at: i.created_at,
            })
            .collect(),
    }))
}

impl From<UnlinkError> for ApiError {
    fn from(e: UnlinkError) -> Self {
        match e {
            UnlinkError::NotLinked => Self::not_found().detail("No identity of this provider is linked to your account."),
            UnlinkError::LastSignInMethod => Self::new(
                StatusCode::CONFLICT,
                "last-sign-in-method",
                "This is your only way to sign in",
            )
            .detail("Set a password (use password reset) or link another provider before unlinking this one."),
            UnlinkError::Unexpected(e) => Self::internal(e),
        }
    }
}

/// Unlinks the signed-in account's identity of a provider, unless it is the last way to
/// sign in.
#[utoipa::path(delete, path = "/api/v1/me/identities/{provider}", tag = "me",
    params(("provider" = String, Path, description = "`github` or `google`"),
        ("X-CSRF-Token" = String, Header, description = "The CSRF token")),
    responses(
        (status = 204, description = "Unlinked"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "CSRF check failed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not linked", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Last way to sign in", body = Problem, content_type = "application/problem+json")))]
pub async fn unlink(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let provider = provider(&path)?;
    state.auth.unlink_identity(&auth.0, provider).await?;
    Ok(HttpResponse::NoContent().finish())
}
