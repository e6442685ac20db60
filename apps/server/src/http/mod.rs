//! The HTTP edge: one table of endpoints (so the router and the OpenAPI test read the same
//! list), problem+json for every framework-level failure, and the middleware stack.

pub mod admin;
pub mod auth;
pub mod chat;
pub mod cookies;
pub mod email;
pub mod exercises;
pub mod extract;
pub mod generation;
pub mod meta;
pub mod middleware;
pub mod oauth;
pub mod problem;
pub mod profile;
pub mod progress;
pub mod state;
pub mod submissions;
pub mod ws;

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse, Route, web};
use utoipa::OpenApi;

use problem::ApiError;

/// The OpenAPI document, generated from the handlers' annotations.
#[derive(Debug, OpenApi)]
#[openapi(
    info(title = "Mentor API", version = "1", description = "Learn to program with an AI tutor. Errors are RFC 9457 problem+json; see docs/api.md for every problem type."),
    paths(
        meta::versions, meta::live, meta::ready, meta::metrics, meta::openapi, meta::docs_redirect,
        auth::csrf, auth::register, auth::verify_email, auth::resend_verification, auth::login,
        auth::refresh, auth::logout, auth::me, auth::list_sessions, auth::revoke_session,
        auth::revoke_other_sessions, auth::request_password_reset, auth::confirm_password_reset,
        auth::change_password, auth::security_events,
        oauth::providers, oauth::start, oauth::callback, oauth::identities, oauth::unlink,
        admin::list_users, admin::get_user, admin::disable_user, admin::enable_user,
        admin::set_roles, admin::end_sessions, admin::audit,
        generation::generate, generation::list, generation::get, generation::approve,
        generation::reject,
        profile::get_profile, profile::put_profile, profile::complete_onboarding,
        email::request_change, email::confirm_change,
        exercises::list, exercises::get, exercises::reveal_hint,
        submissions::submit, submissions::run, submissions::get, submissions::events,
        submissions::list_for_exercise, submissions::list_mine, submissions::feedback,
        progress::daily, progress::skip_daily, progress::recommendations, progress::summary,
        progress::activity, progress::history, progress::export, progress::notifications,
        progress::mark_read,
        chat::create, chat::list, chat::get, chat::rename, chat::delete, chat::send, chat::retry,
        chat::my_usage, chat::admin_usage, ws::connect,
    ),
    components(schemas(problem::Problem)),
    tags((name = "auth", description = "Registration and sign-in"), (name = "me", description = "The signed-in user"), (name = "meta", description = "Operations"), (name = "admin", description = "Administration (role admin): accounts, audit, usage, generated exercises"), (name = "exercises", description = "The exercise catalog"), (name = "submissions", description = "Running and grading code"), (name = "progress", description = "Skill ratings, the daily exercise, streaks, achievements and history"), (name = "chat", description = "Conversations with the tutor and model usage"))
)]
pub struct ApiDoc;

/// One routed endpoint.
#[derive(Debug)]
pub struct Endpoint {
    /// HTTP method.
    pub method: Method,
    /// Path pattern, in actix and OpenAPI syntax alike (`{id}`).
    pub path: &'static str,
    route: fn() -> Route,
}

fn ep(method: Method, path: &'static str, route: fn() -> Route) -> Endpoint {
    Endpoint {
        method,
        path,
        route,
    }
}

/// Every endpoint the server routes (besides the static files of the docs page).
#[must_use]
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        ep(Method::GET, "/api", || web::get().to(meta::versions)),
        ep(Method::GET, "/health/live", || web::get().to(meta::live)),
        ep(Method::GET, "/health/ready", || web::get().to(meta::ready)),
        ep(Method::GET, "/metrics", || web::get().to(meta::metrics)),
        ep(Method::GET, "/api/v1/openapi.json", || {
            web::get().to(meta::openapi)
        }),
        ep(Method::GET, "/docs", || web::get().to(meta::docs_redirect)),
        ep(Method::GET, "/api/v1/auth/providers", || {
            web::get().to(oauth::providers)
        }),
        ep(Method::GET, "/api/v1/auth/oauth/{provider}/start", || {
            web::get().to(oauth::start)
        }),
        ep(
            Method::GET,
            "/api/v1/auth/oauth/{provider}/callback",
            || web::get().to(oauth::callback),
        ),
        ep(Method::GET, "/api/v1/me/identities", || {
            web::get().to(oauth::identities)
        }),
        ep(Method::DELETE, "/api/v1/me/identities/{provider}", || {
            web::delete().to(oauth::unlink)
        }),
        ep(Method::GET, "/api/v1/admin/users", || {
            web::get().to(admin::list_users)
        }),
        ep(Method::GET, "/api/v1/admin/users/{id}", || {
            web::get().to(admin::get_user)
        }),
        ep(Method::POST, "/api/v1/admin/users/{id}/disable", || {
            web::post().to(admin::disable_user)
        }),
        ep(Method::POST, "/api/v1/admin/users/{id}/enable", || {
            web::post().to(admin::enable_user)
        }),
        ep(Method::PUT, "/api/v1/admin/users/{id}/roles", || {
            web::put().to(admin::set_roles)
        }),
        ep(Method::DELETE, "/api/v1/admin/users/{id}/sessions", || {
            web::delete().to(admin::end_sessions)
        }),
        ep(Method::GET, "/api/v1/admin/audit", || {
            web::get().to(admin::audit)
        }),
        ep(Method::GET, "/api/v1/me/profile", || {
            web::get().to(profile::get_profile)
        }),
        ep(Method::PUT, "/api/v1/me/profile", || {
            web::put().to(profile::put_profile)
        }),
        ep(Method::POST, "/api/v1/me/onboarding", || {
            web::post().to(profile::complete_onboarding)
        }),
        ep(Method::POST, "/api/v1/me/email", || {
            web::post().to(email::request_change)
        }),
        ep(Method::POST, "/api/v1/me/email/confirm", || {
            web::post().to(email::confirm_change)
        }),
        ep(Method::GET, "/api/v1/exercises", || {
            web::get().to(exercises::list)
        }),
        ep(Method::GET, "/api/v1/exercises/{id}", || {
            web::get().to(exercises::get)
        }),
        ep(Method::POST, "/api/v1/exercises/{id}/hints", || {
            web::post().to(exercises::reveal_hint)
        }),
        ep(Method::POST, "/api/v1/exercises/{id}/submissions", || {
            web::post().to(submissions::submit)
        }),
        ep(Method::GET, "/api/v1/exercises/{id}/submissions", || {
            web::get().to(submissions::list_for_exercise)
        }),
        ep(Method::POST, "/api/v1/exercises/{id}/run", || {
            web::post().to(submissions::run)
        }),
        ep(Method::GET, "/api/v1/submissions/{id}", || {
            web::get().to(submissions::get)
        }),
        ep(Method::GET, "/api/v1/submissions/{id}/events", || {
            web::get().to(submissions::events)
        }),
        ep(Method::POST, "/api/v1/submissions/{id}/feedback", || {
            web::post().to(submissions::feedback)
        }),
        ep(Method::GET, "/api/v1/me/submissions", || {
            web::get().to(submissions::list_mine)
        }),
        ep(Method::GET, "/api/v1/me/daily", || {
            web::get().to(progress::daily)
        }),
        ep(Method::POST, "/api/v1/me/daily/skip", || {
            web::post().to(progress::skip_daily)
        }),
        ep(Method::GET, "/api/v1/me/recommendations", || {
            web::get().to(progress::recommendations)
        }),
        ep(Method::GET, "/api/v1/me/progress", || {
            web::get().to(progress::summary)
        }),
        ep(Method::GET, "/api/v1/me/progress/export", || {
            web::get().to(progress::export)
        }),
        ep(Method::GET, "/api/v1/me/activity", || {
            web::get().to(progress::activity)
        }),
        ep(Method::GET, "/api/v1/me/history", || {
            web::get().to(progress::history)
        }),
        ep(Method::GET, "/api/v1/me/notifications", || {
            web::get().to(progress::notifications)
        }),
        ep(Method::POST, "/api/v1/me/notifications/{id}/read", || {
            web::post().to(progress::mark_read)
        }),
        ep(Method::POST, "/api/v1/chat/conversations", || {
            web::post().to(chat::create)
        }),
        ep(Method::GET, "/api/v1/chat/conversations", || {
            web::get().to(chat::list)
        }),
        ep(Method::GET, "/api/v1/chat/conversations/{id}", || {
            web::get().to(chat::get)
        }),
        ep(Method::PATCH, "/api/v1/chat/conversations/{id}", || {
            web::patch().to(chat::rename)
        }),
        ep(Method::DELETE, "/api/v1/chat/conversations/{id}", || {
            web::delete().to(chat::delete)
        }),
        ep(
            Method::POST,
            "/api/v1/chat/conversations/{id}/messages",
            || web::post().to(chat::send),
        ),
        ep(
            Method::POST,
            "/api/v1/chat/conversations/{id}/retry",
            || web::post().to(chat::retry),
        ),
        ep(Method::GET, "/api/v1/chat/ws", || {
            web::get().to(ws::connect)
        }),
        ep(Method::GET, "/api/v1/me/usage", || {
            web::get().to(chat::my_usage)
        }),
        ep(Method::GET, "/api/v1/admin/usage", || {
            web::get().to(chat::admin_usage)
        }),
        ep(Method::POST, "/api/v1/admin/exercises/generate", || {
            web::post().to(generation::generate)
        }),
        ep(Method::GET, "/api/v1/admin/exercises/generated", || {
            web::get().to(generation::list)
        }),
        ep(
            Method::GET,
            "/api/v1/admin/exercises/generated/{id}",
            || web::get().to(generation::get),
        ),
        ep(
            Method::POST,
            "/api/v1/admin/exercises/generated/{id}/approve",
            || web::post().to(generation::approve),
        ),
        ep(
            Method::POST,
            "/api/v1/admin/exercises/generated/{id}/reject",
            || web::post().to(generation::reject),
        ),
        ep(Method::GET, "/api/v1/auth/csrf", || {
            web::get().to(auth::csrf)
        }),
        ep(Method::POST, "/api/v1/auth/register", || {
            web::post().to(auth::register)
        }),
        ep(Method::POST, "/api/v1/auth/verify-email", || {
            web::post().to(auth::verify_email)
        }),
        ep(Method::POST, "/api/v1/auth/resend-verification", || {
            web::post().to(auth::resend_verification)
        }),
        ep(Method::POST, "/api/v1/auth/login", || {
            web::post().to(auth::login)
        }),
        ep(Method::POST, "/api/v1/auth/refresh", || {
            web::post().to(auth::refresh)
        }),
        ep(Method::POST, "/api/v1/auth/password-reset", || {
            web::post().to(auth::request_password_reset)
        }),
        ep(Method::POST, "/api/v1/auth/password-reset/confirm", || {
            web::post().to(auth::confirm_password_reset)
        }),
        ep(Method::POST, "/api/v1/me/password", || {
            web::post().to(auth::change_password)
        }),
        ep(Method::GET, "/api/v1/me/security-events", || {
            web::get().to(auth::security_events)
        }),
        ep(Method::POST, "/api/v1/auth/logout", || {
            web::post().to(auth::logout)
        }),
        ep(Method::GET, "/api/v1/me", || web::get().to(auth::me)),
        ep(Method::GET, "/api/v1/me/sessions", || {
            web::get().to(auth::list_sessions)
        }),
        ep(Method::DELETE, "/api/v1/me/sessions", || {
            web::delete().to(auth::revoke_other_sessions)
        }),
        ep(Method::DELETE, "/api/v1/me/sessions/{id}", || {
            web::delete().to(auth::revoke_session)
        }),
    ]
}

async fn method_not_allowed() -> Result<HttpResponse, ApiError> {
    Err(ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method-not-allowed",
        "This method is not allowed here",
    ))
}

async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::not_found()
        .detail("There is nothing at this address. GET /api lists the API versions."))
}

fn json_error(err: JsonPayloadError, _: &HttpRequest) -> actix_web::Error {
    let problem = match &err {
        JsonPayloadError::ContentType => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "The body must be JSON",
        )
        .detail("Send the body with Content-Type: application/json."),
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload-too-large",
                "The body is too large",
            )
        }
        JsonPayloadError::Deserialize(e) => ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed-body",
            "The body is not valid JSON of the expected shape",
        )
        .detail(e.to_string()),
        _ => ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed-body",
            "The body could not be read",
        ),
    };
    problem.into()
}

fn path_error(_: PathError, _: &HttpRequest) -> actix_web::Error {
    ApiError::new(StatusCode::NOT_FOUND, "not-found", "Not found")
        .detail("A part of the address is not valid.")
        .into()
}

fn query_error(err: QueryPayloadError, _: &HttpRequest) -> actix_web::Error {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "bad-query",
        "The query string is not valid",
    )
    .detail(err.to_string())
    .into()
}

/// Registers the endpoints, the extractor error handlers and the fallbacks.
pub fn configure(cfg: &mut web::ServiceConfig, body_limit: usize, docs_enabled: bool) {
    cfg.app_data(
        web::JsonConfig::default()
            .limit(body_limit)
            .error_handler(json_error),
    )
    .app_data(web::PathConfig::default().error_handler(path_error))
    .app_data(web::QueryConfig::default().error_handler(query_error))
    .app_data(web::PayloadConfig::default().limit(body_limit));
    let endpoints = endpoints();
    let mut paths: Vec<&'static str> = Vec::new();
    for e in &endpoints {
        if !paths.contains(&e.path) {
            paths.push(e.path);
        }
    }
    for path in paths {
        let mut resource = web::resource(path).default_service(web::to(method_not_allowed));
        for e in endpoints.iter().filter(|e| e.path == path) {
            resource = resource.route((e.route)());
        }
        cfg.service(resource);
    }
    if docs_enabled {
        cfg.service(
            utoipa_swagger_ui::SwaggerUi::new("/docs/{_:.*}")
                .config(utoipa_swagger_ui::Config::new(["/api/v1/openapi.json"])),
        );
    }
    cfg.default_service(web::to(not_found));
}
