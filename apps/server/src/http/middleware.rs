//! Cross-cutting request handling: security headers and request ids on every response,
//! Prometheus metrics per route, CORS for allow-listed origins, and the CSRF guard on
//! state-changing API requests.

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage as _, ResponseError as _, web};
use tracing_actix_web::RequestId;

use super::cookies::Kind;
use super::problem::ApiError;
use super::state::AppState;

/// Content-Security-Policy of API answers: nothing may load, nothing may frame.
const API_CSP: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/// Content-Security-Policy of the documentation page: own scripts and styles only.
const DOCS_CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// Adds security headers, `Cache-Control: no-store` on API answers, and `X-Request-Id`.
///
/// # Errors
/// Passes on errors of inner services.
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let hsts = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|s| s.hsts);
    let mut res = next.call(req).await?.map_into_boxed_body();
    let request_id = res
        .request()
        .extensions()
        .get::<RequestId>()
        .map(ToString::to_string);
    let path = res.request().path().to_owned();
    let headers = res.headers_mut();
    let docs = path == "/docs" || path.starts_with("/docs/");
    let csp = if docs { DOCS_CSP } else { API_CSP };
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static(csp),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        header::HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::X_FRAME_OPTIONS,
        header::HeaderValue::from_static("DENY"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        header::HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        header::HeaderName::from_static("cross-origin-opener-policy"),
        header::HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        header::HeaderName::from_static("permissions-policy"),
        header::HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    if hsts {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            header::HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    if !docs && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("no-store"),
        );
    }
    if let Some(id) = request_id.and_then(|id| header::HeaderValue::from_str(&id).ok()) {
        headers.insert(header::HeaderName::from_static("x-request-id"), id);
    }
    Ok(res)
}

/// Counts requests and times them by method, route pattern and status.
///
/// # Errors
/// Passes on errors of inner services.
pub async fn record_metrics(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let method = req.method().to_string();
    let res = next.call(req).await?;
    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    let status = res.status().as_u16().to_string();
    let labels = [("method", method), ("route", route), ("status", status)];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels)
        .record(started.elapsed().as_secs_f64());
    Ok(res)
}

/// Answers CORS preflights for allow-listed origins (and refuses others with a problem), and
/// marks answers to allow-listed origins as readable, credentials included. Same-origin
/// requests carry no `Origin` that needs this; it serves a frontend hosted on another
/// configured origin.
///
/// # Errors
/// Passes on errors of inner services.
pub async fn cors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let allowed = origin.filter(|o| {
        req.app_data::<web::Data<AppState>>()
            .is_some_and(|s| s.allowed_origins.iter().any(|a| a == o))
    });
    let preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if preflight {
        let (http_req, _) = req.into_parts();
        let res = match &allowed {
            Some(origin) => {
                let mut res = actix_web::HttpResponse::NoContent().finish();
                let h = res.headers_mut();
                allow_origin(h, origin);
                h.insert(
                    header::ACCESS_CONTROL_ALLOW_METHODS,
                    header::HeaderValue::from_static("GET, POST, PUT, PATCH, DELETE"),
                );
                h.insert(
                    header::ACCESS_CONTROL_ALLOW_HEADERS,
                    header::HeaderValue::from_static("content-type, x-csrf-token"),
                );
                h.insert(
                    header::ACCESS_CONTROL_MAX_AGE,
                    header::HeaderValue::from_static("600"),
                );
                res
            }
            None => ApiError::new(
                actix_web::http::StatusCode::FORBIDDEN,
                "cors",
                "This origin may not call the API",
            )
            .detail(
                "Add the origin to server.allowed_origins to let a frontend there call the API.",
            )
            .error_response(),
        };
        return Ok(ServiceResponse::new(http_req, res));
    }
    let mut res = next.call(req).await?.map_into_boxed_body();
    if let Some(origin) = &allowed {
        let h = res.headers_mut();
        allow_origin(h, origin);
        h.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            header::HeaderValue::from_static("x-request-id, retry-after"),
        );
    }
    Ok(res)
}

fn allow_origin(headers: &mut header::HeaderMap, origin: &str) {
    if let Ok(value) = header::HeaderValue::from_str(origin) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            header::HeaderValue::from_static("true"),
        );
        headers.append(header::VARY, header::HeaderValue::from_static("Origin"));
    }
}

fn csrf_refusal(detail: &str) -> ApiError {
    ApiError::new(
        actix_web::http::StatusCode::FORBIDDEN,
        "csrf",
        "The request did not prove it came from Mentor's own pages",
    )
    .detail(detail.to_owned())
}

/// Compares two strings in time independent of where they differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Refuses state-changing API requests without a matching `X-CSRF-Token` header and cookie,
/// from a foreign `Origin`, or marked cross-site by the browser.
///
/// # Errors
/// Passes on errors of inner services.
pub async fn csrf_guard(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let state_changing = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if state_changing
        && req.path().starts_with("/api/")
        && let Some(refusal) = check_csrf(&req)
    {
        let (http_req, _) = req.into_parts();
        let res = refusal.error_response();
        return Ok(ServiceResponse::new(http_req, res));
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

fn check_csrf(req: &ServiceRequest) -> Option<ApiError> {
    let Some(state) = req.app_data::<web::Data<AppState>>() else {
        return Some(ApiError::internal(anyhow::anyhow!(
            "application state missing"
        )));
    };
    let header_value = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    match header_value("origin") {
        Some(origin) if !state.allowed_origins.iter().any(|o| o == origin) => {
            return Some(csrf_refusal("The request's Origin is not allowed."));
        }
        // An allow-listed origin may be another site of ours (a separately hosted frontend).
        Some(_) => {}
        None => {
            if let Some(site) = header_value("sec-fetch-site")
                && !matches!(site, "same-origin" | "none")
            {
                return Some(csrf_refusal("Cross-site requests may not change anything."));
            }
        }
    }
    let cookie = req
        .cookie(state.cookies.name(Kind::Csrf))
        .map(|c| c.value().to_owned());
    match (cookie, header_value("x-csrf-token")) {
        (Some(cookie), Some(header))
            if !cookie.is_empty() && constant_time_eq(cookie.as_bytes(), header.as_bytes()) =>
        {
            None
        }
        (None, _) => Some(csrf_refusal(
            "Fetch a CSRF token from GET /api/v1/auth/csrf first and send it back in the X-CSRF-Token header.",
        )),
        _ => Some(csrf_refusal(
            "The X-CSRF-Token header is missing or does not match the CSRF cookie.",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::constant_time_eq;

    #[test]
    fn constant_time_eq_compares_whole_values() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
