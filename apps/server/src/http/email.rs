//! Changing the signed-in user's sign-in address.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use mentor_auth::{ConfirmEmailChangeError, Email, RequestEmailChangeError};
use secrecy::SecretString;
use serde::Deserialize;
use utoipa::ToSchema;

use super::auth::{AcceptedView, LOGIN_PASSWORD_MAX, TOKEN_MAX, one_field_error};
use super::extract::Authenticated;
use super::problem::{ApiError, FieldErrors, Problem};
use super::state::AppState;

/// A new address, with the current password.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeEmailBody {
    /// The new sign-in address.
    pub new_email: String,
    /// The current password (re-authentication).
    pub password: String,
}

impl From<RequestEmailChangeError> for ApiError {
    fn from(e: RequestEmailChangeError) -> Self {
        match e {
            RequestEmailChangeError::WrongPassword => {
                one_field_error("password", "is not your current password")
            }
            RequestEmailChangeError::Throttled(t) => t.into(),
            RequestEmailChangeError::SameAddress => {
                one_field_error("new_email", "is already your address")
            }
            RequestEmailChangeError::Unexpected(e) => Self::internal(e),
        }
    }
}

/// Asks to change the sign-in address: a confirmation code goes to the new address.
#[utoipa::path(post, path = "/api/v1/me/email", tag = "me", request_body = ChangeEmailBody,
    params(("X-CSRF-Token" = String, Header, description = "The CSRF token")),
    responses(
        (status = 202, description = "A code was sent to the new address", body = AcceptedView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "CSRF check failed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong password or invalid address", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong passwords; see Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn request_change(
    state: web::Data<AppState>,
    auth: Authenticated,
    body: web::Json<ChangeEmailBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut errors = FieldErrors::default();
    let email = errors.take("new_email", Email::parse(&body.new_email));
    if body.password.is_empty() || body.password.chars().count() > LOGIN_PASSWORD_MAX {
        errors.add("password", "is not your current password");
    }
    errors.finish()?;
    let Some(email) = email else {
        return Err(ApiError::internal(anyhow::anyhow!(
            "validated email missing"
        )));
    };
    state
        .auth
        .request_email_change(&auth.0, email, &SecretString::from(body.password))
        .await?;
    Ok(HttpResponse::Accepted().json(AcceptedView {
        message: "If the address can be used, a confirmation code is on its way to it.".to_owned(),
    }))
}

/// The code from the confirmation message.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmEmailBody {
    /// The confirmation code.
    pub token: String,
}

impl From<ConfirmEmailChangeError> for ApiError {
    fn from(e: ConfirmEmailChangeError) -> Self {
        match e {
            ConfirmEmailChangeError::InvalidToken => Self::new(
                StatusCode::BAD_REQUEST,
                "invalid-token",
                "This code is unknown, already used or expired",
            ),
            ConfirmEmailChangeError::EmailTaken => Self::new(
                StatusCode::CONFLICT,
                "email-taken",
                "Another account uses this address",
            )
            .detail("The address was taken after you asked to change to it; choose another."),
            ConfirmEmailChangeError::Unexpected(e) => Self::internal(e),
        }
    }
}

/// Confirms the new address with the code; the old address gets a notice.
#[utoipa::path(post, path = "/api/v1/me/email/confirm", tag = "me", request_body = ConfirmEmailBody,
    params(("X-CSRF-Token" = String, Header, description = "The CSRF token")),
    responses(
        (status = 204, description = "Address changed"),
        (status = 400, description = "Unknown, used or expired code", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "CSRF check failed", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Address taken meanwhile", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json")))]
pub async fn confirm_change(
    state: web::Data<AppState>,
    auth: Authenticated,
    body: web::Json<ConfirmEmailBody>,
) -> Result<HttpResponse, ApiError> {
    let token = body.into_inner().token;
    if token.trim().is_empty() || token.len() > TOKEN_MAX {
        return Err(one_field_error(
            "token",
            format!("must be 1–{TOKEN_MAX} characters"),
        ));
    }
    state
        .auth
        .confirm_email_change(&auth.0, &SecretString::from(token.trim().to_owned()))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
