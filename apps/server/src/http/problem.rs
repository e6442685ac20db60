//! RFC 9457 problem details: the one shape every error leaves the server in. Each problem
//! has a stable `type` (documented in `docs/api.md`), a title, the status, an optional safe
//! detail, per-field `errors` for validation, and an `error_id` that is also in the log line.
//! 5xx bodies never carry internal text.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

/// Base of every problem `type` URI.
pub const TYPE_BASE: &str = "https://mentor.dev/problems/";

/// The problem+json body.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// Stable URI naming the kind of problem.
    #[serde(rename = "type")]
    pub type_uri: String,
    /// Short human summary of the kind.
    pub title: String,
    /// HTTP status.
    pub status: u16,
    /// Explanation of this occurrence, when safe to share.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Problems per input field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<BTreeMap<String, Vec<String>>>,
    /// Correlates this answer with the server's log.
    pub error_id: String,
    /// Extra members (for example readiness checks).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub extensions: Option<serde_json::Map<String, serde_json::Value>>,
}

/// An error on its way to the client.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    slug: &'static str,
    title: &'static str,
    detail: Option<String>,
    members: Option<Box<Members>>,
    retry_after: Option<u64>,
    source: Option<anyhow::Error>,
}

/// The rarer parts of a problem, boxed to keep `Result<_, ApiError>` small.
#[derive(Debug, Default)]
struct Members {
    errors: Option<BTreeMap<String, Vec<String>>>,
    extensions: Option<serde_json::Map<String, serde_json::Value>>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.title, self.status)
    }
}

impl ApiError {
    /// A problem of kind `slug` with a fixed title.
    #[must_use]
    pub fn new(status: StatusCode, slug: &'static str, title: &'static str) -> Self {
        Self {
            status,
            slug,
            title,
            detail: None,
            members: None,
            retry_after: None,
            source: None,
        }
    }

    /// Adds a detail safe to show the client.
    #[must_use]
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// Adds an extension member.
    #[must_use]
    pub fn extension(mut self, key: &str, value: serde_json::Value) -> Self {
        self.members
            .get_or_insert_with(Box::default)
            .extensions
            .get_or_insert_with(serde_json::Map::new)
            .insert(key.to_owned(), value);
        self
    }

    /// 422 with per-field messages.
    #[must_use]
    pub fn validation(errors: BTreeMap<String, Vec<String>>) -> Self {
        let mut e = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            "The request has invalid fields",
        )
        .detail("Correct the fields listed in `errors` and try again.");
        e.members.get_or_insert_with(Box::default).errors = Some(errors);
        e
    }

    /// 500 whose cause goes to the log only.
    #[must_use]
    pub fn internal(source: anyhow::Error) -> Self {
        let mut e = Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Something went wrong on our side",
        )
        .detail("The error was logged; quote the error_id if you report it.");
        e.source = Some(source);
        e
    }

    /// Attaches the cause, logged (for a 5xx) under the error id and never sent.
    #[must_use]
    pub fn caused_by(mut self, source: anyhow::Error) -> Self {
        self.source = Some(source);
        self
    }

    /// 429 with `Retry-After`: wait `wait` before the next request.
    #[must_use]
    pub fn rate_limited(wait: std::time::Duration) -> Self {
        let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate-limited",
            "Too many requests",
        )
        .detail(format!(
            "Too many attempts. Wait {seconds} second(s) before trying again."
        ))
        .retry_after(seconds.max(1))
    }

    /// 401: no valid sign-in.
    #[must_use]
    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "You need to sign in",
        )
        .detail("Sign in, or refresh your session, and try again.")
    }

    /// 404 for an unknown route or resource.
    #[must_use]
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found", "Not found")
    }

    /// Sets `Retry-After`, in seconds.
    #[must_use]
    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// The problem's status.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The `type` URI of a slug.
    #[must_use]
    pub fn type_uri(slug: &str) -> String {
        format!("{TYPE_BASE}{slug}")
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        Self::internal(e)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let body = self.problem();
        let mut response = HttpResponse::build(self.status);
        response.insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        ));
        if let Some(seconds) = self.retry_after {
            response.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
        response.json(body)
    }
}

impl ApiError {
    /// The problem body, with a fresh error id that is logged with the status and slug (and
    /// the cause, for a 5xx). Transports other than HTTP responses (WebSocket frames) send it
    /// as it is.
    #[must_use]
    pub fn problem(&self) -> Problem {
        let error_id = uuid::Uuid::new_v4().to_string();
        if self.status.is_server_error() {
            match &self.source {
                Some(source) => {
                    tracing::error!(%error_id, status = self.status.as_u16(), problem = self.slug, error = format!("{source:#}"), "request failed")
                }
                None => {
                    tracing::error!(%error_id, status = self.status.as_u16(), problem = self.slug, "request failed")
                }
            }
        } else {
            tracing::info!(%error_id, status = self.status.as_u16(), problem = self.slug, "request refused");
        }
        Problem {
            type_uri: Self::type_uri(self.slug),
            title: self.title.to_owned(),
            status: self.status.as_u16(),
            detail: self.detail.clone(),
            errors: self.members.as_ref().and_then(|m| m.errors.clone()),
            error_id,
            extensions: self.members.as_ref().and_then(|m| m.extensions.clone()),
        }
    }
}

/// Collects per-field validation messages.
#[derive(Debug, Default)]
pub struct FieldErrors(BTreeMap<String, Vec<String>>);

impl FieldErrors {
    /// Records `message` for `field`.
    pub fn add(&mut self, field: &str, message: impl ToString) {
        self.0
            .entry(field.to_owned())
            .or_default()
            .push(message.to_string());
    }

    /// Takes the value of a parse, recording its error under `field`.
    pub fn take<T, E: ToString>(&mut self, field: &str, result: Result<T, E>) -> Option<T> {
        result.map_err(|e| self.add(field, e)).ok()
    }

    /// `value` when it lies within `range`, else a 422 for `field` ("must be A–B").
    ///
    /// # Errors
    /// The 422 problem.
    pub fn within<T: PartialOrd + std::fmt::Display>(
        field: &str,
        value: T,
        range: std::ops::RangeInclusive<T>,
    ) -> Result<T, ApiError> {
        if range.contains(&value) {
            return Ok(value);
        }
        let mut errors = Self::default();
        errors.add(field, format!("must be {}–{}", range.start(), range.end()));
        Err(ApiError::validation(errors.0))
    }

    /// A 422 for one field.
    #[must_use]
    pub fn one(field: &str, message: impl ToString) -> ApiError {
        let mut errors = Self::default();
        errors.add(field, message);
        ApiError::validation(errors.0)
    }

    /// `Ok` when nothing was recorded, else a 422.
    ///
    /// # Errors
    /// The 422 problem listing the fields.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(self.0))
        }
    }
}
