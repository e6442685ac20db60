//! `/api/v1/auth/*` and `/api/v1/me*`: registration, verification, sign-in, refresh,
//! sign-out, the current user and their sessions.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError as _, web};
use mentor_auth::{
    ChangePasswordError, DisplayName, Email, IssuedTokens, LoginError, LoginRequest, MailRequest,
    MailRequestError, OpaqueToken, Password, RefreshError, RegisterError, RegisterRequest,
    ResetPasswordError, RevokeSessionError, SessionView, Throttled, User, VerifyEmailError,
};
use mentor_kernel::SessionId;
use secrecy::{ExposeSecret as _, SecretString};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::cookies::Kind;
use super::extract::Authenticated;
use super::problem::{ApiError, FieldErrors, Problem};
use super::state::AppState;

/// Longest password accepted at sign-in (the policy caps new ones at 128 characters).
pub(crate) const LOGIN_PASSWORD_MAX: usize = 1024;
/// Longest one-time token accepted.
pub(crate) const TOKEN_MAX: usize = 128;

/// The same answer for every registration and resend request.
const ACCEPTED_MESSAGE: &str =
    "If this address can be used, a message is on its way to it. Check your inbox.";

/// `POST /auth/register`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterBody {
    /// Sign-in address.
    pub email: String,
    /// 12–128 characters, not a common password, not containing the address.
    pub password: String,
    /// How to address you (1–64 characters); defaults to the address's local part.
    pub display_name: Option<String>,
}

/// `POST /auth/verify-email`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyEmailBody {
    /// The code from the verification message.
    pub token: String,
}

/// `POST /auth/resend-verification`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResendVerificationBody {
    /// The address to send a new message to.
    pub email: String,
}

/// `POST /auth/login`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    /// Sign-in address.
    pub email: String,
    /// Password.
    pub password: String,
}

/// `POST /auth/password-reset`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetBody {
    /// The account's address.
    pub email: String,
}

/// `POST /auth/password-reset/confirm`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetConfirmBody {
    /// The code from the reset message.
    pub token: String,
    /// The new password (same policy as at registration).
    pub password: String,
}

/// `POST /me/password`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordBody {
    /// The password now in use.
    pub current_password: String,
    /// The new password (same policy as at registration).
    pub new_password: String,
}

/// A CSRF token to send back in `X-CSRF-Token`.
#[derive(Debug, Serialize, ToSchema)]
pub struct CsrfView {
    /// Also set as the CSRF cookie.
    pub csrf_token: String,
}

/// An accepted request whose outcome arrives by e-mail.
#[derive(Debug, Serialize, ToSchema)]
pub struct AcceptedView {
    /// What happens next.
    pub message: String,
}

/// The signed-in user.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeView {
    /// Account id.
    #[schema(value_type = String, format = Uuid)]
    pub id: uuid::Uuid,
    /// Sign-in address.
    pub email: String,
    /// Whether the address is verified (learning features need it).
    pub email_verified: bool,
    /// Display name.
    pub display_name: String,
    /// Roles: `learner`, `mentor`, `admin`.
    pub roles: Vec<String>,
    /// Account creation time.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
}

impl From<&User> for MeView {
    fn from(user: &User) -> Self {
        Self {
            id: user.id.as_uuid(),
            email: user.email.to_string(),
            email_verified: user.email_verified(),
            display_name: user.display_name.as_str().to_owned(),
            roles: user.roles.iter().map(|r| r.as_str().to_owned()).collect(),
            created_at: user.created_at,
        }
    }
}

/// Answer to sign-in: the user, a fresh CSRF token; the tokens are in cookies.
#[derive(Debug, Serialize, ToSchema)]
pub struct LoginView {
    /// The signed-in user.
    pub user: MeView,
    /// The new CSRF token (also set as cookie).
    pub csrf_token: String,
    /// When the access cookie expires; refresh before.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub access_expires_at: OffsetDateTime,
}

/// Answer to refresh; the new tokens are in cookies.
#[derive(Debug, Serialize, ToSchema)]
pub struct RefreshView {
    /// When the new access cookie expires.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub access_expires_at: OffsetDateTime,
    /// When the session ends at the latest.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub session_expires_at: OffsetDateTime,
}

/// One of the user's sessions.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionOut {
    /// Session id (for revoking it).
    #[schema(value_type = String, format = Uuid)]
    pub id: uuid::Uuid,
    /// Sign-in time.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    /// Last activity.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub last_seen_at: OffsetDateTime,
    /// Absolute end.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: OffsetDateTime,
    /// Browser or client.
    pub user_agent: Option<String>,
    /// IP address at sign-in.
    pub ip: Option<String>,
    /// Whether this is the session of this request.
    pub current: bool,
}

impl From<SessionView> for SessionOut {
    fn from(s: SessionView) -> Self {
        Self {
            id: s.id.as_uuid(),
            created_at: s.created_at,
            last_seen_at: s.last_seen_at,
            expires_at: s.expires_at,
            user_agent: s.user_agent,
            ip: s.ip,
            current: s.current,
        }
    }
}

/// How many sessions ended.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevokedView {
    /// Sessions ended.
    pub revoked: u64,
}

impl From<RegisterError> for ApiError {
    fn from(e: RegisterError) -> Self {
        match e {
            RegisterError::Throttled(t) => t.into(),
            RegisterError::Unexpected(e) => Self::internal(e),
        }
    }
}

impl From<VerifyEmailError> for ApiError {
    fn from(e: VerifyEmailError) -> Self {
        match e {
            VerifyEmailError::InvalidToken => Self::new(
                StatusCode::BAD_REQUEST,
                "invalid-token",
                "This code is unknown, already used or expired",
            )
            .detail(
                "Ask for a new verification message with POST /api/v1/auth/resend-verification.",
            ),
            VerifyEmailError::Unexpected(e) => Self::internal(e),
        }
    }
}

impl From<LoginError> for ApiError {
    fn from(e: LoginError) -> Self {
        match e {
            LoginError::InvalidCredentials => Self::new(
                StatusCode::UNAUTHORIZED,
                "invalid-credentials",
                "Email or password is wrong",
            ),
            LoginError::Throttled(t) => t.into(),
            LoginError::Disabled => Self::new(
                StatusCode::FORBIDDEN,
                "account-disabled",
                "This account is disabled",
            )
            .detail("An administrator disabled this account. Contact support if you think this is a mistake."),
            LoginError::Unexpected(e) => Self::internal(e),
        }
    }
}

impl From<RefreshError> for ApiError {
    fn from(e: RefreshError) -> Self {
        match e {
            RefreshError::InvalidToken | RefreshError::Reused => {
                Self::unauthenticated().detail("Your session has ended. Sign in again.")
            }
            RefreshError::Unexpected(e) => Self::internal(e),
        }
    }
}

impl From<ResetPasswordError> for ApiError {
    fn from(e: ResetPasswordError) -> Self {
        match e {
            ResetPasswordError::InvalidToken => Self::new(
                StatusCode::BAD_REQUEST,
                "invalid-token",
                "This code is unknown, already used or expired",
            )
            .detail("Ask for a new code with POST /api/v1/auth/password-reset."),
            ResetPasswordError::Policy(e) => one_field_error("password", e),
            ResetPasswordError::Unexpected(e) => Self::internal(e),
        }
    }
}

impl From<ChangePasswordError> for ApiError {
    fn from(e: ChangePasswordError) -> Self {
        match e {
            ChangePasswordError::WrongPassword => {
                one_field_error("current_password", "is not your current password")
            }
            ChangePasswordError::Policy(e) => one_field_error("new_password", e),
            ChangePasswordError::Throttled(t) => t.into(),
            ChangePasswordError::Unexpected(e) => Self::internal(e),
        }
    }
}

pub(crate) fn one_field_error(field: &str, message: impl ToString) -> ApiError {
    let mut errors = FieldErrors::default();
    errors.add(field, message);
    errors
        .finish()
        .err()
        .unwrap_or_else(|| ApiError::internal(anyhow::anyhow!("no field error recorded")))
}

impl From<RevokeSessionError> for ApiError {
    fn from(e: RevokeSessionError) -> Self {
        match e {
            RevokeSessionError::NotFound => Self::not_found().detail("No such session."),
            RevokeSessionError::Unexpected(e) => Self::internal(e),
        }
    }
}

impl From<Throttled> for ApiError {
    fn from(t: Throttled) -> Self {
        Self::rate_limited(t.0)
    }
}

impl From<MailRequestError> for ApiError {
    fn from(e: MailRequestError) -> Self {
        match e {
            MailRequestError::Throttled(t) => t.into(),
            MailRequestError::Unexpected(e) => Self::internal(e),
        }
    }
}

fn accepted() -> HttpResponse {
    HttpResponse::Accepted().json(AcceptedView {
        message: ACCEPTED_MESSAGE.to_owned(),
    })
}

pub(crate) fn client_ip(req: &HttpRequest, state: &AppState) -> Option<String> {
    super::extract::client_ip(req, &state.trusted_proxies).map(|ip| ip.to_string())
}

pub(crate) fn user_agent(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get(actix_web::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// A new CSRF token.
pub(crate) fn new_csrf_token() -> String {
    OpaqueToken::generate().secret().expose_secret().to_owned()
}

/// Sets the access and refresh cookies, and the CSRF cookie when a new token is given.
pub(crate) fn set_session_cookies(
    state: &AppState,
    res: &mut HttpResponse,
    tokens: &IssuedTokens,
    csrf: Option<String>,
) -> Result<(), ApiError> {
    let cookies = [
        Some(state.cookies.make(
            Kind::Access,
            tokens.access_token.expose_secret().to_owned(),
            tokens.access_expires_at,
        )),
        Some(state.cookies.make(
            Kind::Refresh,
            tokens.refresh_token.expose_secret().to_owned(),
            tokens.refresh_expires_at,
        )),
        csrf.map(|csrf| {
            state
                .cookies
                .make(Kind::Csrf, csrf, tokens.refresh_expires_at)
        }),
    ];
    for cookie in cookies.into_iter().flatten() {
        res.add_cookie(&cookie)
            .map_err(|e| ApiError::internal(e.into()))?;
    }
    Ok(())
}

fn clear_session_cookies(state: &AppState, res: &mut HttpResponse) -> Result<(), ApiError> {
    for kind in [Kind::Access, Kind::Refresh] {
        res.add_cookie(&state.cookies.removal(kind))
            .map_err(|e| ApiError::internal(e.into()))?;
    }
    Ok(())
}

/// Issues a CSRF token (cookie + body) for the double-submit check.
#[utoipa::path(get, path = "/api/v1/auth/csrf", tag = "auth",
    responses((status = 200, description = "A CSRF token, also set as cookie", body = CsrfView)))]
pub async fn csrf(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let token = new_csrf_token();
    let cookie = state.cookies.make(
        Kind::Csrf,
        token.clone(),
        OffsetDateTime::now_utc() + state.auth.config().sessions.absolute_lifetime,
    );
    Ok(HttpResponse::Ok()
        .cookie(cookie)
        .json(CsrfView { csrf_token: token }))
}

/// Creates an account and sends a verification message. The answer is the same whether or
/// not the address is already registered.
#[utoipa::path(post, path = "/api/v1/auth/register", tag = "auth", request_body = RegisterBody,
    params(("X-CSRF-Token" = String, Header, description = "The CSRF token")),
    responses(
        (status = 202, description = "Accepted; a message was sent", body = AcceptedView),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "CSRF check failed", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Server error", body = Problem, content_type = "application/problem+json")))]
pub async fn register(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<RegisterBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut errors = FieldErrors::default();
    let email = errors.take("email", Email::parse(&body.email));
    let password = email.as_ref().and_then(|email| {
        errors.take(
            "password",
            Password::new(SecretString::from(body.password), email),
        )
    });
    let display_name = match body.display_name.as_deref() {
        Some(name) => errors.take("display_name", DisplayName::parse(name)),
        None => None,
    };
    errors.finish()?;
    let (Some(email), Some(password)) = (email, password) else {
        return Err(ApiError::internal(anyhow::anyhow!(
            "validated fields missing"
        )));
    };
    state
        .auth
        .register(RegisterRequest {
            email,
            password,
            display_name,
            ip: client_ip(&req, &state),
        })
        .await?;
    Ok(accepted())
}

/// Verifies the address with the code from the message.
#[utoipa::path(post, path = "/api/v1/auth/verify-email", tag = "auth", request_body = VerifyEmailBody,
    params(("X-CSRF-Token" = String, Header, description = "The CSRF token")),
    responses(
        (status = 204, description = "Address verified"),
        (status = 400, description = "Unknown, used or expired code, or malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "CSRF check failed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json")))]
pub async fn verify_email(
    state: web::Data<AppState>,
    body: web::Json<VerifyEmailBody>,
) -> Result<HttpResponse, ApiError> {
    let token = body.into_inner().token;
    let mut errors = FieldErrors::default();
    if token.trim().is_empty() || token.len() > TOKEN_MAX {
        errors.add("token", format!("must be 1–{TOKEN_MAX} characters"));
    }
    errors.finish()?;
    state
        .auth
        .verify_email(&SecretString::from(token.trim().to_owned()))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Sends a new verification message (at most one a minute per account). Same answer, in the
/// same time, for every address: the work happens after the answer.
#[utoipa::path(post, path = "/api/v1/auth/resend-verification", tag = "auth", request_body = ResendVerificationBody,
    params(("X-CSRF-Token" = String, Header, description = "The CSRF token")),
    responses(
        (status = 202, description = "Accepted", body = AcceptedView),
        (status = 403, description = "CSRF check failed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json")))]
pub async fn resend_verification(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<ResendVerificationBody>,
) -> Result<HttpResponse, ApiError> {
    state
        .auth
        .admit_mail_request(
            MailRequest::ResendVerification,
            client_ip(&req, &state).as_deref(),
        )
        .await?;
    accept_then(
        &state,
        &body.email,
        "resending a verification mail",
        |auth, email| async move { auth.resend_verification(&email).await },
    )
}

/// Parses the address, answers `202` at once, and runs `work` after the answer, so neither
/// the answer nor its timing tells whether the address is known, verified or throttled
/// (ASVS 6.3.8). Failures of `work` are logged.
fn accept_then<F, Fut>(
    state: &AppState,
    raw_email: &str,
    what: &'static str,
    work: F,
) -> Result<HttpResponse, ApiError>
where
    F: FnOnce(std::sync::Arc<mentor_auth::AuthService>, Email) -> Fut + 'static,
    Fut: std::future::Future<Output = anyhow::Result<()>> + 'static,
{
    let mut errors = FieldErrors::default();
    let email = errors.take("email", Email::parse(raw_email));
    errors.finish()?;
    if let Some(email) = email {
        let auth = state.auth.clone();
        actix_web::rt::spawn(async move {
            if let Err(e) = work(auth, email).await {
                tracing::error!(error = format!("{e:#}"), "{what} failed");
            }
        });
    }
    Ok(accepted())
}

/// Signs in: sets the access, refresh and CSRF cookies.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginBody,
    params(("X-CSRF-Token" = String, Header, description = "The CSRF token")),
    responses(
        (status = 200, description = "Signed in; cookies set", body = LoginView),
        (status = 401, description = "Wrong email or password", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "CSRF check failed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json")))]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<LoginBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut errors = FieldErrors::default();
    let email = errors.take("email", Email::parse(&body.email));
    if body.password.is_empty() || body.password.chars().count() > LOGIN_PASSWORD_MAX {
        errors.add(
            "password",
            format!("must be 1–{LOGIN_PASSWORD_MAX} characters"),
        );
    }
    errors.finish()?;
    let Some(email) = email else {
        return Err(ApiError::internal(anyhow::anyhow!(
            "validated email missing"
        )));
    };
    let request = LoginRequest {
        email,
        password: SecretString::from(body.password),
        user_agent: user_agent(&req),
        ip: client_ip(&req, &state),
    };
    let tokens = state.auth.login(request).await?;
    let user = state
        .auth
        .current_user(&mentor_auth::Principal {
            user_id: tokens.user_id,
            session_id: tokens.session_id,
            ip: None,
        })
        .await?;
    let csrf_token = new_csrf_token();
    let mut res = HttpResponse::Ok().json(LoginView {
        user: MeView::from(&user),
        csrf_token: csrf_token.clone(),
        access_expires_at: tokens.access_expires_at,
    });
    set_session_cookies(&state, &mut res, &tokens, Some(csrf_token))?;
    Ok(res)
}

/// Exchanges the refresh cookie for new cookies (the refresh token rotates; presenting an
/// old one ends the session).
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "auth",
    params(("X-CSRF-Token" = String, Header, description = "The CSRF token")),
    responses(
        (status = 200, description = "New cookies set", body = RefreshView),
        (status = 401, description = "Missing, invalid or reused refresh token; cookies cleared", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "CSRF check failed", body = Problem, content_type = "application/problem+json")))]
pub async fn refresh(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let Some(token) = state.cookies.read(&req, Kind::Refresh) else {
        return Err(ApiError::unauthenticated().detail("No refresh cookie; sign in again."));
    };
    match state.auth.refresh(&SecretString::from(token)).await {
        Ok(tokens) => {
            let body = RefreshView {
                access_expires_at: tokens.access_expires_at,
                session_expires_at: tokens.refresh_expires_at,
            };
            let mut res = HttpResponse::Ok().json(body);
            set_session_cookies(&state, &mut res, &tokens, None)?;
            Ok(res)
        }
        Err(RefreshError::Unexpected(e)) => Err(ApiError::internal(e)),
        Err(refused) => {
            // The session is over: tell the browser to forget its cookies too.
            let mut res = ApiError::from(refused).error_response();
            clear_session_cookies(&state, &mut res)?;
            Ok(res)
        }
    }
}

/// Signs out: ends the session, clears the cookies and site data.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth",
    params(("X-CSRF-Token" = String, Header, description = "The CSRF token")),
    responses(
        (status = 204, description = "Signed out; cookies cleared"),
        (status = 403, description = "CSRF check failed", body = Problem, content_type = "application/problem+json")))]
pub async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    match super::extract::authenticate(&req).await {
        Ok(principal) => state.auth.logout(&principal).await?,
        Err(e) if e.status() == StatusCode::UNAUTHORIZED => {
            if let Some(token) = state.cookies.read(&req, Kind::Refresh) {
                state
                    .auth
                    .logout_by_refresh_token(&SecretString::from(token))
                    .await?;
            }
        }
        Err(e) => return Err(e),
    }
    let mut res = HttpResponse::NoContent()
        .insert_header(("Clear-Site-Data", "\"cache\", \"cookies\", \"storage\""))
        .finish();
    clear_session_cookies(&state, &mut res)?;
    Ok(res)
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/me", tag = "me",
    responses(
        (status = 200, description = "The signed-in user", body = MeView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json")))]
pub async fn me(state: web::Data<AppState>, auth: Authenticated) -> Result<HttpResponse, ApiError> {
    let user = state.auth.current_user(&auth.0).await?;
    Ok(HttpResponse::Ok().json(MeView::from(&user)))
}

/// The signed-in user's sessions, newest first.
#[utoipa::path(get, path = "/api/v1/me/sessions", tag = "me",
    responses(
        (status = 200, description = "Live sessions", body = Vec<SessionOut>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json")))]
pub async fn list_sessions(
    state: web::Data<AppState>,
    auth: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let sessions = state.auth.list_sessions(&auth.0).await?;
    Ok(HttpResponse::Ok().json(
        sessions
            .into_iter()
            .map(SessionOut::from)
            .collect::<Vec<_>>(),
    ))
}

/// Ends one of the signed-in user's sessions.
#[utoipa::path(delete, path = "/api/v1/me/sessions/{id}", tag = "me",
    params(("id" = String, Path, description = "Session id"), ("X-CSRF-Token" = String, Header, description = "The CSRF token")),
    responses(
        (status = 204, description = "Session ended"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "CSRF check failed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session of yours", body = Problem, content_type = "application/problem+json")))]
pub async fn revoke_session(
    state: web::Data<AppState>,
    auth: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id: SessionId = id
        .parse()
        .map_err(|_| ApiError::not_found().detail("No such session."))?;
    state.auth.revoke_session(&auth.0, id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Ends every session of the signed-in user except this one.
#[utoipa::path(delete, path = "/api/v1/me/sessions", tag = "me",
    params(("X-CSRF-Token" = String, Header, description = "The CSRF token")),
    responses(
        (status = 200, description = "Other sessions ended", body = RevokedView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "CSRF check failed", body = Problem, content_type = "application/problem+json")))]
pub async fn revoke_other_sessions(
    state: web::Data<AppState>,
    auth: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let revoked = state.auth.revoke_other_sessions(&auth.0).await?;
    Ok(HttpResponse::Ok().json(RevokedView { revoked }))
}

/// Mails a password-reset code (at most one a minute per account). Same answer, in the same
/// time, for every address: the work happens after the answer.
#[utoipa::path(post, path = "/api/v1/auth/password-reset", tag = "auth", request_body = PasswordResetBody,
    params(("X-CSRF-Token" = String, Header, description = "The CSRF token")),
    responses(
        (status = 202, description = "Accepted", body = AcceptedView),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "CSRF check failed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json")))]
pub async fn request_password_reset(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<PasswordResetBody>,
) -> Result<HttpResponse, ApiError> {
    state
        .auth
        .admit_mail_request(
            MailRequest::PasswordReset,
            client_ip(&req, &state).as_deref(),
        )
        .await?;
    accept_then(
        &state,
        &body.email,
        "sending a password reset mail",
        |auth, email| async move { auth.request_password_reset(&email).await },
    )
}

/// Sets a new password with the code from the reset message. Every session of the account
/// ends at once, and its owner is told by mail.
#[utoipa::path(post, path = "/api/v1/auth/password-reset/confirm", tag = "auth", request_body = PasswordResetConfirmBody,
    params(("X-CSRF-Token" = String, Header, description = "The CSRF token")),
    responses(
        (status = 204, description = "Password changed; every session ended"),
        (status = 400, description = "Unknown, used or expired code, or malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "CSRF check failed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The new password breaks the policy (the code stays usable)", body = Problem, content_type = "application/problem+json")))]
pub async fn confirm_password_reset(
    state: web::Data<AppState>,
    body: web::Json<PasswordResetConfirmBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut errors = FieldErrors::default();
    if body.token.trim().is_empty() || body.token.len() > TOKEN_MAX {
        errors.add("token", format!("must be 1–{TOKEN_MAX} characters"));
    }
    errors.finish()?;
    state
        .auth
        .reset_password(
            &SecretString::from(body.token.trim().to_owned()),
            SecretString::from(body.password),
        )
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Changes the signed-in user's password. Every session ends, this one too: sign in again.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "me", request_body = ChangePasswordBody,
    params(("X-CSRF-Token" = String, Header, description = "The CSRF token")),
    responses(
        (status = 204, description = "Password changed; every session ended, cookies cleared"),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "CSRF check failed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong current password, or the new one breaks the policy", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong passwords; see Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn change_password(
    state: web::Data<AppState>,
    auth: Authenticated,
    body: web::Json<ChangePasswordBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    if body.current_password.chars().count() > LOGIN_PASSWORD_MAX {
        return Err(one_field_error(
            "current_password",
            "is not your current password",
        ));
    }
    state
        .auth
        .change_password(
            &auth.0,
            &SecretString::from(body.current_password),
            SecretString::from(body.new_password),
        )
        .await?;
    let mut res = HttpResponse::NoContent().finish();
    clear_session_cookies(&state, &mut res)?;
    Ok(res)
}

/// `GET /me/security-events` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct SecurityEventsQuery {
    /// Cursor: the `next` value of the previous page.
    pub before: Option<uuid::Uuid>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<u64>,
}

/// One security event.
#[derive(Debug, Serialize, ToSchema)]
pub struct SecurityEventView {
    /// Event id.
    #[schema(value_type = String, format = Uuid)]
    pub id: uuid::Uuid,
    /// When it happened.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub at: OffsetDateTime,
    /// What happened, e.g. `login_succeeded`, `login_failed`, `password_changed`.
    pub action: String,
    /// Client IP, when known.
    pub ip: Option<String>,
}

/// A page of security events.
#[derive(Debug, Serialize, ToSchema)]
pub struct SecurityEventsPage {
    /// Newest first.
    pub events: Vec<SecurityEventView>,
    /// Pass as `before` for the next page; absent on the last page.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub next: Option<uuid::Uuid>,
}

/// The signed-in user's security events (sign-ins, failed sign-ins, password changes, …),
/// newest first, with cursor pagination.
#[utoipa::path(get, path = "/api/v1/me/security-events", tag = "me",
    params(SecurityEventsQuery),
    responses(
        (status = 200, description = "A page of events", body = SecurityEventsPage),
        (status = 400, description = "Bad query string", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json")))]
pub async fn security_events(
    state: web::Data<AppState>,
    auth: Authenticated,
    query: web::Query<SecurityEventsQuery>,
) -> Result<HttpResponse, ApiError> {
    let limit = query.limit.unwrap_or(20).clamp(1, 100);
    let events = state
        .auth
        .security_events(&auth.0, query.before, limit)
        .await?;
    let next = (u64::try_from(events.len()).unwrap_or(u64::MAX) == limit)
        .then(|| events.last().map(|e| e.id))
        .flatten();
    Ok(HttpResponse::Ok().json(SecurityEventsPage {
        events: events
            .into_iter()
            .map(|e| SecurityEventView {
                id: e.id,
                at: e.at,
                action: e.action.as_str().to_owned(),
                ip: e.ip,
            })
            .collect(),
        next,
    }))
}
