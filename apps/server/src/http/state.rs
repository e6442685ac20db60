//! What handlers share: the domain services and the HTTP-level settings.

use std::sync::Arc;

use mentor_auth::AuthService;
use metrics_exporter_prometheus::PrometheusHandle;

use super::cookies::CookieSettings;
use crate::app::Probe;

/// Shared application state, handed to handlers as `web::Data<AppState>`.
#[derive(Clone)]
pub struct AppState {
    /// The auth use cases.
    pub auth: Arc<AuthService>,
    /// The exercise catalog.
    pub exercises: Arc<mentor_exercises::ExerciseService>,
    /// Submissions, grading and "Run".
    pub grading: Arc<mentor_exercises::GradingService>,
    /// Ratings, the daily exercise, streaks, achievements, statistics.
    pub progress: Arc<mentor_progress::ProgressService>,
    /// The tutor (model calls, budgets, usage).
    pub tutor: Arc<mentor_tutoring::TutorService>,
    /// Model-written exercises and their review.
    pub generation: Arc<mentor_exercises::GenerationService>,
    /// Conversations with the tutor.
    pub chat: Arc<mentor_chat::ChatService>,
    /// Model-call records.
    pub usage: Arc<dyn mentor_tutoring::UsageLedger>,
    /// Heartbeat interval of idle chat streams.
    pub chat_heartbeat: std::time::Duration,
    /// Chat WebSocket limits.
    pub ws: super::ws::WsLimits,
    /// Learners and exercises with an AI hint being written (in this process).
    pub hints_in_progress: Arc<
        std::sync::Mutex<
            std::collections::HashSet<(mentor_kernel::UserId, mentor_kernel::ExerciseId)>,
        >,
    >,
    /// The shared rate limiter (per-learner WebSocket frames).
    pub limiter: Arc<dyn mentor_kernel::RateLimiter>,
    /// Whether learner code can be run here.
    pub sandbox: Arc<crate::grading::SandboxHealth>,
    /// Wakes workers and waiting handlers in this process.
    pub signals: crate::grading::GradingSignals,
    /// Cookie names and attributes.
    pub cookies: CookieSettings,
    /// Origins allowed on state-changing requests.
    pub allowed_origins: Vec<String>,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Send `Strict-Transport-Security`.
    pub hsts: bool,
    /// Readiness checks.
    pub probes: Vec<Probe>,
    /// Renders `/metrics`.
    pub metrics: PrometheusHandle,
    /// Serve the OpenAPI document and the docs page.
    pub docs_enabled: bool,
    /// Where a successful external sign-in lands.
    pub oauth_success_path: String,
    /// Where a refused external sign-in lands (`?error=<code>` added).
    pub oauth_failure_path: String,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("allowed_origins", &self.allowed_origins)
            .finish_non_exhaustive()
    }
}
