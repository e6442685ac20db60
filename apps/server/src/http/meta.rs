//! Operational endpoints: API versions, health, metrics, and the OpenAPI document.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Serialize;
use utoipa::{OpenApi as _, ToSchema};

use super::problem::{ApiError, Problem};
use super::state::AppState;

/// One API version.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiVersion {
    /// Version name.
    pub version: String,
    /// Base path.
    pub path: String,
    /// `current` or `deprecated`.
    pub status: String,
}

/// The API versions this server speaks.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiVersions {
    /// Versions, newest first.
    pub versions: Vec<ApiVersion>,
}

/// Liveness or readiness.
#[derive(Debug, Serialize, ToSchema)]
pub struct HealthView {
    /// `ok`.
    pub status: String,
    /// Per dependency: `ok` or what failed.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub checks: std::collections::BTreeMap<String, String>,
}

/// Lists the API versions.
#[utoipa::path(get, path = "/api", tag = "meta",
    responses((status = 200, description = "API versions", body = ApiVersions)))]
pub async fn versions() -> HttpResponse {
    HttpResponse::Ok().json(ApiVersions {
        versions: vec![ApiVersion {
            version: "v1".to_owned(),
            path: "/api/v1".to_owned(),
            status: "current".to_owned(),
        }],
    })
}

/// The process is up.
#[utoipa::path(get, path = "/health/live", tag = "meta",
    responses((status = 200, description = "Alive", body = HealthView)))]
pub async fn live() -> HttpResponse {
    HttpResponse::Ok().json(HealthView {
        status: "ok".to_owned(),
        checks: std::collections::BTreeMap::new(),
    })
}

/// The database and the session store answer. Language-model providers are reported (their
/// circuit: `closed`, `open`, `half_open`, or `not_configured`) but never make the server
/// unready: everything else works without them.
#[utoipa::path(get, path = "/health/ready", tag = "meta",
    responses(
        (status = 200, description = "Ready", body = HealthView),
        (status = 503, description = "A dependency is down; `checks` says which", body = Problem, content_type = "application/problem+json")))]
pub async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let mut checks = std::collections::BTreeMap::new();
    let mut failed = false;
    for probe in &state.probes {
        let outcome = tokio::time::timeout(std::time::Duration::from_secs(2), probe.check()).await;
        let status = match outcome {
            Ok(Ok(())) => "ok".to_owned(),
            Ok(Err(e)) => {
                failed = true;
                tracing::warn!(
                    dependency = probe.name(),
                    error = format!("{e:#}"),
                    "readiness check failed"
                );
                "unavailable".to_owned()
            }
            Err(_) => {
                failed = true;
                "timeout".to_owned()
            }
        };
        checks.insert(probe.name().to_owned(), status);
    }
    match state.tutor.router() {
        None => {
            checks.insert("llm".to_owned(), "not_configured".to_owned());
        }
        Some(router) => {
            for (name, circuit) in router.circuits() {
                let circuit = match circuit {
                    mentor_tutoring::CircuitState::Closed => "closed",
                    mentor_tutoring::CircuitState::Open => "open",
                    mentor_tutoring::CircuitState::HalfOpen => "half_open",
                };
                checks.insert(format!("llm:{name}"), circuit.to_owned());
            }
        }
    }
    if failed {
        let checks = serde_json::to_value(&checks).map_err(|e| ApiError::internal(e.into()))?;
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "not-ready",
            "Not ready to serve",
        )
        .detail("A dependency does not answer; see `checks`.")
        .extension("checks", checks)
        .retry_after(5));
    }
    Ok(HttpResponse::Ok().json(HealthView {
        status: "ok".to_owned(),
        checks,
    }))
}

/// Prometheus metrics.
#[utoipa::path(get, path = "/metrics", tag = "meta",
    responses((status = 200, description = "Prometheus text format", body = String, content_type = "text/plain")))]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(state.metrics.render())
}

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta",
    responses(
        (status = 200, description = "OpenAPI 3.1 document", body = Object),
        (status = 404, description = "Documentation turned off", body = Problem, content_type = "application/problem+json")))]
pub async fn openapi(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    if !state.docs_enabled {
        return Err(ApiError::not_found());
    }
    Ok(HttpResponse::Ok().json(super::ApiDoc::openapi()))
}

/// Sends `/docs` to the documentation page.
#[utoipa::path(get, path = "/docs", tag = "meta",
    responses(
        (status = 308, description = "Redirect to /docs/"),
        (status = 404, description = "Documentation turned off", body = Problem, content_type = "application/problem+json")))]
pub async fn docs_redirect(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    if !state.docs_enabled {
        return Err(ApiError::not_found());
    }
    Ok(HttpResponse::PermanentRedirect()
        .insert_header((actix_web::http::header::LOCATION, "/docs/"))
        .finish())
}
