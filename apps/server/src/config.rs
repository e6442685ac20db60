//! Configuration: built-in defaults, then a TOML file when one is named (`--config` or
//! `MENTOR_CONFIG`; `docs/config.example.toml` documents every key), then `MENTOR__SECTION__KEY`
//! environment variables → [`RawSettings`] → [`RawSettings::validate`], which reports every
//! problem at once and returns [`Settings`]. No globals. Secrets print redacted.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use figment::Figment;
use figment::providers::{Env, Format as _, Serialized, Toml};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use url::Url;

mod llm;

pub use llm::{
    HOW_TO_CONFIGURE as LLM_HOW_TO_CONFIGURE, LlmSettings, ProviderKind, ProviderSettings, RawChat,
    RawLlm, RawProvider, RawTutor,
};

/// Which strictness applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// A laptop: generated secrets, http allowed.
    Development,
    /// Refuses weak secrets, http URLs and missing services.
    Production,
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// JSON in production, readable text otherwise.
    Auto,
    /// One JSON object per line.
    Json,
    /// Human-readable lines.
    Pretty,
}

/// SMTP transport security as configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTlsSetting {
    /// Plain TCP.
    None,
    /// STARTTLS.
    Starttls,
    /// Implicit TLS.
    Tls,
}

/// Settings as read, before validation. Every field has a default so a missing file works.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawSettings {
    /// `development` or `production`.
    pub profile: Profile,
    /// HTTP server.
    pub server: RawServer,
    /// Where local state lives.
    pub data: RawData,
    /// Relational database.
    pub database: RawDatabase,
    /// Redis (production session store).
    pub redis: RawRedis,
    /// Outgoing mail.
    pub mail: RawMail,
    /// Accounts and sessions.
    pub auth: RawAuth,
    /// Logging.
    pub log: RawLog,
    /// API documentation pages.
    pub docs: RawDocs,
    /// Throttling policies.
    pub rate_limits: RawRateLimits,
    /// Sign-in with GitHub and Google.
    pub oauth: RawOAuth,
    /// The exercise catalog.
    pub content: RawContent,
    /// The sandbox learner code runs in.
    pub sandbox: RawSandbox,
    /// The grading queue and its workers.
    pub grading: RawGrading,
    /// Language-model providers.
    pub llm: RawLlm,
    /// The tutor's limits.
    pub tutor: RawTutor,
    /// Conversations.
    pub chat: RawChat,
}

/// `[sandbox]`: where learner code runs (ADR 0009). The interpreters must live under `/usr`,
/// the only part of the host the sandbox sees.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawSandbox {
    /// The bubblewrap binary.
    pub bwrap: PathBuf,
    /// Python 3.
    pub python: PathBuf,
    /// Node.js.
    pub node: PathBuf,
    /// Where per-run directories are made; empty = the system's temporary folder.
    pub scratch_dir: String,
    /// Runs at the same time in this process; 0 = one per core.
    pub max_concurrent: usize,
    /// Processes and threads per run.
    pub max_processes: u32,
    /// Check the sandbox while starting (a failure is logged at once and readiness reports
    /// it); `false` checks on first use instead.
    pub check_on_start: bool,
}

impl Default for RawSandbox {
    fn default() -> Self {
        let d = mentor_sandbox::SandboxSettings::default();
        Self {
            bwrap: d.bwrap,
            python: d.python,
            node: d.node,
            scratch_dir: String::new(),
            max_concurrent: 0,
            max_processes: d.max_processes,
            check_on_start: true,
        }
    }
}

/// `[grading]`: the queue (ADR 0010) and the workers that consume it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawGrading {
    /// Grading workers inside `mentor serve` (default: one per core on SQLite, none on
    /// Postgres, where `mentor worker` processes grade). `mentor worker` always runs one per
    /// core unless this is set.
    pub workers: Option<usize>,
    /// Seconds a worker holds a submission before another may take it over.
    pub lease_secs: u64,
    /// Attempts before a submission whose grading keeps failing is marked failed.
    pub max_attempts: u32,
    /// Milliseconds an idle worker waits before looking at the queue again (a submission to
    /// this process wakes its workers at once).
    pub poll_ms: u64,
    /// CPU limit of "Run" (at most the exercise's), milliseconds.
    pub run_cpu_ms: u32,
    /// Wall limit of "Run" (at most the exercise's), milliseconds.
    pub run_wall_ms: u32,
}

impl Default for RawGrading {
    fn default() -> Self {
        let d = mentor_exercises::GradingSettings::default();
        Self {
            workers: None,
            lease_secs: d.lease.as_secs(),
            max_attempts: d.max_attempts,
            poll_ms: 1000,
            run_cpu_ms: d.run_cpu_ms,
            run_wall_ms: d.run_wall_ms,
        }
    }
}

/// `[content]`: where the exercise catalog is read from.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawContent {
    /// The catalog folder (`<language>/<slug>/` inside).
    pub dir: PathBuf,
    /// Seed the catalog when serving starts (default: on for SQLite, off for Postgres,
    /// where `mentor seed` runs at deploy time).
    pub seed_on_start: Option<bool>,
}

impl Default for RawContent {
    fn default() -> Self {
        Self {
            dir: PathBuf::from("./content/exercises"),
            seed_on_start: None,
        }
    }
}

/// `[oauth]`: identity providers. A provider is on when its `client_id` is set.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawOAuth {
    /// Path of the web app to land on after a successful sign-in.
    pub success_path: String,
    /// Path of the web app to land on after a refused sign-in (`?error=<code>` is added).
    pub failure_path: String,
    /// Google (OpenID Connect).
    pub google: RawOidcClient,
    /// GitHub (OAuth 2).
    pub github: RawGitHubClient,
}

/// `[oauth.google]`. Endpoints default to Google's.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawOidcClient {
    /// Client id; empty = provider off.
    pub client_id: String,
    /// Client secret.
    pub client_secret: String,
    /// Expected `iss`.
    pub issuer: String,
    /// Authorization endpoint.
    pub authorize_url: String,
    /// Token endpoint.
    pub token_url: String,
    /// JWKS endpoint.
    pub jwks_url: String,
    /// Callback URL registered with the provider; empty = `<public_url>/api/v1/auth/oauth/google/callback`.
    pub redirect_uri: String,
}

/// `[oauth.github]`. Endpoints default to GitHub's.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawGitHubClient {
    /// Client id; empty = provider off.
    pub client_id: String,
    /// Client secret.
    pub client_secret: String,
    /// Authorization endpoint.
    pub authorize_url: String,
    /// Token endpoint.
    pub token_url: String,
    /// REST API base.
    pub api_url: String,
    /// Callback URL registered with GitHub; empty = `<public_url>/api/v1/auth/oauth/github/callback`.
    pub redirect_uri: String,
}

impl Default for RawOAuth {
    fn default() -> Self {
        Self {
            success_path: "/".to_owned(),
            failure_path: "/sign-in".to_owned(),
            google: RawOidcClient::default(),
            github: RawGitHubClient::default(),
        }
    }
}

impl Default for RawOidcClient {
    fn default() -> Self {
        Self {
            client_id: String::new(),
            client_secret: String::new(),
            issuer: "https://accounts.google.com".to_owned(),
            authorize_url: "https://accounts.google.com/o/oauth2/v2/auth".to_owned(),
            token_url: "https://oauth2.googleapis.com/token".to_owned(),
            jwks_url: "https://www.googleapis.com/oauth2/v3/certs".to_owned(),
            redirect_uri: String::new(),
        }
    }
}

impl Default for RawGitHubClient {
    fn default() -> Self {
        Self {
            client_id: String::new(),
            client_secret: String::new(),
            authorize_url: "https://github.com/login/oauth/authorize".to_owned(),
            token_url: "https://github.com/login/oauth/access_token".to_owned(),
            api_url: "https://api.github.com/".to_owned(),
            redirect_uri: String::new(),
        }
    }
}

/// Validated identity-provider settings.
#[derive(Debug, Clone)]
pub struct OAuthSettings {
    /// Landing path after success.
    pub success_path: String,
    /// Landing path after a refusal.
    pub failure_path: String,
    /// Google, when configured.
    pub google: Option<mentor_oauth::OidcConfig>,
    /// GitHub, when configured.
    pub github: Option<mentor_oauth::GitHubConfig>,
}

fn provider_url(key: &str, raw: &str, production: bool, problems: &mut Vec<String>) -> Option<Url> {
    match Url::parse(raw) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {
            if production && u.scheme() != "https" {
                problems.push(format!("oauth.{key}: must be https in production"));
            }
            Some(u)
        }
        _ => {
            problems.push(format!("oauth.{key}: {raw:?} is not an http(s) URL"));
            None
        }
    }
}

/// A site-relative path: starts with one `/`, no scheme, host or backslash (no open redirect).
fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && !path.chars().any(char::is_control)
}

impl RawOAuth {
    fn validate(
        &self,
        public_url: Option<&Url>,
        production: bool,
        problems: &mut Vec<String>,
    ) -> OAuthSettings {
        for (key, path) in [
            ("success_path", &self.success_path),
            ("failure_path", &self.failure_path),
        ] {
            if !is_local_path(path) {
                problems.push(format!(
                    "oauth.{key}: {path:?} must be a path on this site starting with a single /"
                ));
            }
        }
        let (g, h) = (&self.google, &self.github);
        if !g.client_id.is_empty() && (g.client_secret.is_empty() || g.issuer.is_empty()) {
            problems.push(
                "oauth.google: client_secret and issuer are required with a client_id".to_owned(),
            );
        }
        if !h.client_id.is_empty() && h.client_secret.is_empty() {
            problems.push("oauth.github.client_secret: required with a client_id".to_owned());
        }
        let mut url = |key: &str, raw: &str| provider_url(key, raw, production, problems);
        let default_redirect = |provider: &str| {
            public_url.map(|p| {
                format!(
                    "{}/api/v1/auth/oauth/{provider}/callback",
                    p.as_str().trim_end_matches('/')
                )
            })
        };
        let google = if g.client_id.is_empty() {
            None
        } else {
            let parts = (
                url("google.authorize_url", &g.authorize_url),
                url("google.token_url", &g.token_url),
                url("google.jwks_url", &g.jwks_url),
                if g.redirect_uri.is_empty() {
                    default_redirect("google")
                } else {
                    url("google.redirect_uri", &g.redirect_uri).map(String::from)
                },
            );
            match parts {
                (Some(authorize_url), Some(token_url), Some(jwks_url), Some(redirect_uri)) => {
                    Some(mentor_oauth::OidcConfig {
                        provider: mentor_auth::Provider::Google,
                        issuer: g.issuer.clone(),
                        authorize_url,
                        token_url,
                        jwks_url,
                        client_id: g.client_id.clone(),
                        client_secret: SecretString::from(g.client_secret.clone()),
                        redirect_uri,
                        scopes: "openid email profile".to_owned(),
                    })
                }
                _ => None,
            }
        };
        let github = if h.client_id.is_empty() {
            None
        } else {
            let parts = (
                url("github.authorize_url", &h.authorize_url),
                url("github.token_url", &h.token_url),
                url("github.api_url", &h.api_url),
                if h.redirect_uri.is_empty() {
                    default_redirect("github")
                } else {
                    url("github.redirect_uri", &h.redirect_uri).map(String::from)
                },
            );
            match parts {
                (Some(authorize_url), Some(token_url), Some(api_url), Some(redirect_uri)) => {
                    Some(mentor_oauth::GitHubConfig {
                        authorize_url,
                        token_url,
                        api_url,
                        client_id: h.client_id.clone(),
                        client_secret: SecretString::from(h.client_secret.clone()),
                        redirect_uri,
                    })
                }
                _ => None,
            }
        };
        OAuthSettings {
            success_path: self.success_path.clone(),
            failure_path: self.failure_path.clone(),
            google,
            github,
        }
    }
}

/// `[rate_limits]`: named GCRA policies and the sign-in back-off.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawRateLimits {
    /// Named policies: `login_ip`, `register_ip`, `mail_ip`, `run_user`, `submit_user`,
    /// `tutor_user` (missing ones keep their defaults).
    pub policies: std::collections::BTreeMap<String, RawRatePolicy>,
    /// Failed sign-ins per (account, client IP).
    pub login_pair_backoff: RawBackoff,
    /// Failed sign-ins per account from anywhere.
    pub login_account_backoff: RawBackoff,
}

/// One GCRA policy: `requests` per `per_secs` on average, `burst` at once.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRatePolicy {
    /// Requests per window.
    pub requests: u32,
    /// Window, seconds.
    pub per_secs: u64,
    /// Back-to-back allowance.
    pub burst: u32,
}

/// Exponential back-off after failures.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBackoff {
    /// Failures before any block.
    pub free_failures: u32,
    /// First block, milliseconds.
    pub base_ms: u64,
    /// Longest block, seconds.
    pub max_secs: u64,
    /// Quiet seconds after which failures are forgotten.
    pub reset_after_secs: u64,
}

impl From<mentor_kernel::RatePolicy> for RawRatePolicy {
    fn from(p: mentor_kernel::RatePolicy) -> Self {
        Self {
            requests: p.requests,
            per_secs: p.per.as_secs(),
            burst: p.burst,
        }
    }
}

impl From<mentor_kernel::Backoff> for RawBackoff {
    fn from(b: mentor_kernel::Backoff) -> Self {
        Self {
            free_failures: b.free_failures,
            base_ms: u64::try_from(b.base.as_millis()).unwrap_or(u64::MAX),
            max_secs: b.max.as_secs(),
            reset_after_secs: b.reset_after.as_secs(),
        }
    }
}

impl Default for RawRateLimits {
    fn default() -> Self {
        let d = mentor_auth::ThrottlePolicies::default();
        let g = mentor_exercises::GradingSettings::default();
        let t = mentor_tutoring::TutorSettings::default();
        Self {
            policies: [
                ("login_ip", d.login_ip),
                ("register_ip", d.register_ip),
                ("mail_ip", d.mail_ip),
                ("run_user", g.run_policy),
                ("submit_user", g.submit_policy),
                ("tutor_user", t.request_policy),
            ]
            .into_iter()
            .map(|(name, p)| (name.to_owned(), p.into()))
            .collect(),
            login_pair_backoff: d.login_pair_backoff.into(),
            login_account_backoff: d.login_account_backoff.into(),
        }
    }
}

/// Policy names the server knows; others are configuration mistakes.
pub const RATE_POLICY_NAMES: &[&str] = &[
    "login_ip",
    "register_ip",
    "mail_ip",
    "run_user",
    "submit_user",
    "tutor_user",
];

impl RawRateLimits {
    fn validate(
        &self,
        problems: &mut Vec<String>,
        grading: &mut mentor_exercises::GradingSettings,
        tutor: &mut mentor_tutoring::TutorSettings,
    ) -> mentor_auth::ThrottlePolicies {
        let mut policies = mentor_auth::ThrottlePolicies::default();
        for (name, raw) in &self.policies {
            let Some(policy) = mentor_kernel::RatePolicy::new(
                raw.requests,
                Duration::from_secs(raw.per_secs),
                raw.burst,
            ) else {
                problems.push(format!(
                    "rate_limits.policies.{name}: requests, per_secs and burst must all be at least 1"
                ));
                continue;
            };
            match name.as_str() {
                "login_ip" => policies.login_ip = policy,
                "register_ip" => policies.register_ip = policy,
                "mail_ip" => policies.mail_ip = policy,
                "run_user" => grading.run_policy = policy,
                "submit_user" => grading.submit_policy = policy,
                "tutor_user" => tutor.request_policy = policy,
                _ => problems.push(format!(
                    "rate_limits.policies.{name}: unknown policy (known: {})",
                    RATE_POLICY_NAMES.join(", ")
                )),
            }
        }
        let mut backoff = |field: &str, raw: &RawBackoff| {
            if raw.base_ms == 0 || raw.max_secs == 0 || raw.max_secs > 24 * 3600 {
                problems.push(format!(
                    "rate_limits.{field}: base_ms must be at least 1 and max_secs between 1 and 86400 (blocks must end)"
                ));
            }
            mentor_kernel::Backoff {
                free_failures: raw.free_failures,
                base: Duration::from_millis(raw.base_ms.max(1)),
                max: Duration::from_secs(raw.max_secs.clamp(1, 24 * 3600)),
                reset_after: Duration::from_secs(raw.reset_after_secs),
            }
        };
        policies.login_pair_backoff = backoff("login_pair_backoff", &self.login_pair_backoff);
        policies.login_account_backoff =
            backoff("login_account_backoff", &self.login_account_backoff);
        policies
    }
}

/// `[server]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawServer {
    /// Listen address.
    pub listen: String,
    /// The URL users reach the site at; decides cookie security and the token issuer.
    pub public_url: String,
    /// Extra origins allowed to send state-changing requests (the public URL's origin always is).
    pub allowed_origins: Vec<String>,
    /// Largest accepted request body, bytes.
    pub body_limit_bytes: usize,
    /// Seconds to let requests and streams finish on shutdown.
    pub shutdown_timeout_secs: u64,
    /// Worker threads (0 = one per core).
    pub workers: usize,
    /// Reverse proxies (addresses or CIDR ranges) whose `X-Forwarded-For` is believed; the
    /// client IP is otherwise the TCP peer.
    pub trusted_proxies: Vec<String>,
}

/// `[data]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawData {
    /// Folder for the SQLite file, the outbox and generated development secrets.
    pub dir: PathBuf,
}

/// `[database]`.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawDatabase {
    /// `postgres://…` or `sqlite://…`; empty = SQLite file in the data folder.
    pub url: String,
    /// Pool size.
    pub max_connections: u32,
    /// Apply migrations when serving starts (default: on for SQLite, off for Postgres).
    pub migrate_on_start: Option<bool>,
}

/// `[redis]`.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawRedis {
    /// `redis://…`; empty = sessions in the database.
    pub url: String,
    /// Prefix of every key.
    pub key_prefix: String,
}

/// `[mail]`.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawMail {
    /// Sender mailbox.
    pub from: String,
    /// SMTP host; empty = write `.eml` files to the outbox folder.
    pub smtp_host: String,
    /// SMTP port.
    pub smtp_port: u16,
    /// `none`, `starttls` or `tls`.
    pub smtp_tls: SmtpTlsSetting,
    /// SMTP login.
    pub smtp_username: String,
    /// SMTP password.
    pub smtp_password: String,
    /// Outbox folder; empty = `<data>/outbox`.
    pub outbox_dir: String,
}

/// `[auth]`.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawAuth {
    /// HMAC key for access tokens (≥ 32 bytes); empty in development = generated and kept in
    /// the data folder.
    pub jwt_secret: String,
    /// Access-token lifetime, seconds (≤ 900).
    pub access_token_ttl_secs: i64,
    /// Idle session timeout, seconds.
    pub session_idle_timeout_secs: i64,
    /// Absolute session lifetime, seconds.
    pub session_absolute_lifetime_secs: i64,
    /// Verification-link lifetime, hours.
    pub verification_ttl_hours: i64,
    /// Minimum seconds between verification (or reset) mails to one account.
    pub resend_cooldown_secs: i64,
    /// Password-reset code lifetime, minutes.
    pub reset_ttl_minutes: i64,
    /// argon2id memory, KiB.
    pub argon2_memory_kib: u32,
    /// argon2id passes.
    pub argon2_iterations: u32,
    /// Password hashes computed at once (0 = one per core).
    pub max_concurrent_hashes: usize,
}

/// `[log]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawLog {
    /// `auto`, `json` or `pretty`.
    pub format: LogFormat,
    /// `tracing` filter, e.g. `info,mentor_server=debug`.
    pub level: String,
}

/// `[docs]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawDocs {
    /// Serve `/api/v1/openapi.json` and `/docs`.
    pub enabled: bool,
}

impl Default for RawSettings {
    fn default() -> Self {
        Self {
            profile: Profile::Development,
            server: RawServer::default(),
            data: RawData::default(),
            database: RawDatabase::default(),
            redis: RawRedis::default(),
            mail: RawMail::default(),
            auth: RawAuth::default(),
            log: RawLog::default(),
            docs: RawDocs { enabled: true },
            rate_limits: RawRateLimits::default(),
            oauth: RawOAuth::default(),
            content: RawContent::default(),
            sandbox: RawSandbox::default(),
            grading: RawGrading::default(),
            llm: RawLlm::default(),
            tutor: RawTutor::default(),
            chat: RawChat::default(),
        }
    }
}

impl Default for RawServer {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8080".to_owned(),
            public_url: "http://127.0.0.1:8080".to_owned(),
            allowed_origins: Vec::new(),
            body_limit_bytes: 256 * 1024,
            shutdown_timeout_secs: 30,
            workers: 0,
            trusted_proxies: Vec::new(),
        }
    }
}

impl Default for RawData {
    fn default() -> Self {
        Self {
            dir: PathBuf::from("./data"),
        }
    }
}

impl Default for RawDatabase {
    fn default() -> Self {
        Self {
            url: String::new(),
            max_connections: 10,
            migrate_on_start: None,
        }
    }
}

impl Default for RawRedis {
    fn default() -> Self {
        Self {
            url: String::new(),
            key_prefix: "mentor:".to_owned(),
        }
    }
}

impl Default for RawMail {
    fn default() -> Self {
        Self {
            from: "Mentor <no-reply@mentor.localhost>".to_owned(),
            smtp_host: String::new(),
            smtp_port: 587,
            smtp_tls: SmtpTlsSetting::Starttls,
            smtp_username: String::new(),
            smtp_password: String::new(),
            outbox_dir: String::new(),
        }
    }
}

impl Default for RawAuth {
    fn default() -> Self {
        Self {
            jwt_secret: String::new(),
            access_token_ttl_secs: 900,
            session_idle_timeout_secs: 7 * 24 * 3600,
            session_absolute_lifetime_secs: 30 * 24 * 3600,
            verification_ttl_hours: 24,
            resend_cooldown_secs: 60,
            reset_ttl_minutes: 30,
            argon2_memory_kib: 19_456,
            argon2_iterations: 2,
            max_concurrent_hashes: 0,
        }
    }
}

impl Default for RawLog {
    fn default() -> Self {
        Self {
            format: LogFormat::Auto,
            level: "info".to_owned(),
        }
    }
}

impl Default for RawDocs {
    fn default() -> Self {
        Self { enabled: true }
    }
}

/// Raw settings may hold secrets; they print only their type name.
macro_rules! opaque_debug {
    ($($t:ty),*) => {$(
        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($t), " { .. }"))
            }
        }
    )*};
}
opaque_debug!(
    RawSettings,
    RawLlm,
    RawProvider,
    RawDatabase,
    RawRedis,
    RawMail,
    RawAuth,
    RawOAuth,
    RawOidcClient,
    RawGitHubClient
);

/// Everything wrong with a configuration, listed at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigErrors(pub Vec<String>);

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the configuration has {} problem(s):", self.0.len())?;
        for problem in &self.0 {
            writeln!(f, "  - {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigErrors {}

/// Reads the configuration: defaults, then the named file (which must exist), then
/// `MENTOR__…` variables.
///
/// # Errors
/// When the file or a variable cannot be parsed into the settings' shape.
pub fn load(file: Option<&Path>) -> Result<RawSettings, ConfigErrors> {
    let mut figment = Figment::from(Serialized::defaults(RawSettings::default()));
    if let Some(file) = file {
        figment = figment.merge(Toml::file_exact(file));
    }
    figment = figment.merge(Env::prefixed("MENTOR__").split("__"));
    figment
        .extract()
        .map_err(|e| ConfigErrors(e.into_iter().map(|e| e.to_string()).collect()))
}

/// Which store and mailer the composition root builds.
#[derive(Debug, Clone)]
pub enum MailSettings {
    /// `.eml` files in a folder.
    Outbox(PathBuf),
    /// An SMTP server.
    Smtp(mentor_email::SmtpSettings),
}

/// Validated settings.
#[derive(Clone)]
pub struct Settings {
    /// Strictness.
    pub profile: Profile,
    /// Listen address.
    pub listen: SocketAddr,
    /// Public URL.
    pub public_url: Url,
    /// Origins allowed on state-changing requests.
    pub allowed_origins: Vec<String>,
    /// Whether cookies are `Secure` with the `__Host-` prefix: exactly when the public URL
    /// is https (production requires https, so plain-http cookies exist only in development).
    pub secure_cookies: bool,
    /// Body limit.
    pub body_limit_bytes: usize,
    /// Graceful-shutdown budget.
    pub shutdown_timeout: Duration,
    /// Worker threads.
    pub workers: usize,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Data folder.
    pub data_dir: PathBuf,
    /// Database URL (secret: may hold a password).
    pub database_url: SecretString,
    /// Pool size.
    pub database_max_connections: u32,
    /// Apply migrations at start.
    pub migrate_on_start: bool,
    /// Redis URL (secret), if sessions live in Redis.
    pub redis_url: Option<SecretString>,
    /// Redis key prefix.
    pub redis_key_prefix: String,
    /// Mailer.
    pub mail: MailSettings,
    /// Sender.
    pub mail_from: String,
    /// Access-token key, if configured (development generates one otherwise).
    pub jwt_secret: Option<SecretString>,
    /// Access-token lifetime.
    pub access_token_ttl: time::Duration,
    /// Auth lifetimes.
    pub auth: mentor_auth::AuthConfig,
    /// Hashing limits.
    pub hasher: mentor_auth::HasherLimits,
    /// Log format (resolved).
    pub log_json: bool,
    /// Log filter.
    pub log_level: String,
    /// Docs pages on.
    pub docs_enabled: bool,
    /// Identity providers.
    pub oauth: OAuthSettings,
    /// The exercise catalog folder.
    pub content_dir: PathBuf,
    /// Seed the catalog at start.
    pub seed_on_start: bool,
    /// The sandbox.
    pub sandbox: mentor_sandbox::SandboxSettings,
    /// The grading flow.
    pub grading: mentor_exercises::GradingSettings,
    /// Grading workers inside `mentor serve`.
    pub serve_workers: usize,
    /// Grading workers of `mentor worker`.
    pub worker_workers: usize,
    /// Idle workers look at the queue this often.
    pub grading_poll: Duration,
    /// Check the sandbox while starting.
    pub sandbox_check_on_start: bool,
    /// Language-model providers.
    pub llm: LlmSettings,
    /// The tutor's limits.
    pub tutor: mentor_tutoring::TutorSettings,
    /// Exercise generation (`tutor.publish_generated`).
    pub generation: mentor_exercises::GenerationSettings,
    /// Conversations.
    pub chat: mentor_chat::ChatSettings,
    /// Heartbeat interval of idle chat streams.
    pub chat_heartbeat: Duration,
    /// Chat WebSocket limits.
    pub ws: crate::http::ws::WsLimits,
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("profile", &self.profile)
            .field("listen", &self.listen)
            .field("public_url", &self.public_url.as_str())
            .field(
                "database_url",
                &redact_url(self.database_url.expose_secret()),
            )
            .field(
                "redis_url",
                &self
                    .redis_url
                    .as_ref()
                    .map(|u| redact_url(u.expose_secret())),
            )
            .field("mail", &self.mail)
            .field(
                "jwt_secret",
                &self.jwt_secret.as_ref().map(|_| "[redacted]"),
            )
            .finish_non_exhaustive()
    }
}

/// A URL with its password replaced, for logs.
#[must_use]
pub fn redact_url(raw: &str) -> String {
    match Url::parse(raw) {
        Ok(mut url) => {
            if url.password().is_some() {
                let _ = url.set_password(Some("redacted"));
            }
            url.to_string()
        }
        Err(_) => "[unparseable url]".to_owned(),
    }
}

/// Secrets that are known and therefore worthless.
const WELL_KNOWN_SECRETS: &[&str] = &[
    "secret",
    "changeme",
    "change-me",
    "password",
    "development",
    "mentor",
    "your-256-bit-secret",
    "0123456789abcdef0123456789abcdef",
];

fn is_weak_secret(secret: &str) -> bool {
    let lower = secret.to_lowercase();
    secret.len() < mentor_auth::tokens::MIN_KEY_BYTES
        || WELL_KNOWN_SECRETS.iter().any(|w| lower.contains(w))
        || secret
            .chars()
            .collect::<std::collections::HashSet<_>>()
            .len()
            < 8
}

fn is_loopback_host(host: &str) -> bool {
    matches!(host, "localhost" | "127.0.0.1" | "::1" | "[::1]")
}

impl RawSettings {
    /// Checks everything and lists every problem; in production also refuses weak or default
    /// secrets, http public URLs and missing Postgres/Redis/SMTP settings.
    ///
    /// # Errors
    /// [`ConfigErrors`] with one line per problem.
    #[allow(clippy::too_many_lines)]
    pub fn validate(self) -> Result<Settings, ConfigErrors> {
        let mut problems = Vec::new();
        let production = self.profile == Profile::Production;

        let listen = self
            .server
            .listen
            .parse::<SocketAddr>()
            .map_err(|_| {
                problems.push(format!(
                    "server.listen: {:?} is not host:port",
                    self.server.listen
                ))
            })
            .ok();
        let public_url = match Url::parse(&self.server.public_url) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
                Some(url)
            }
            _ => {
                problems.push(format!(
                    "server.public_url: {:?} is not an http(s) URL",
                    self.server.public_url
                ));
                None
            }
        };
        let https = public_url.as_ref().is_some_and(|u| u.scheme() == "https");
        if production && !https {
            problems.push("server.public_url: must be https in production".to_owned());
        }
        let mut allowed_origins: Vec<String> = public_url
            .iter()
            .map(|u| u.origin().ascii_serialization())
            .collect();
        for origin in &self.server.allowed_origins {
            match Url::parse(origin) {
                Ok(u) if u.host().is_some() => {
                    if production && u.scheme() != "https" {
                        problems.push(format!(
                            "server.allowed_origins: {origin:?} must be https in production"
                        ));
                    }
                    allowed_origins.push(u.origin().ascii_serialization());
                }
                _ => problems.push(format!(
                    "server.allowed_origins: {origin:?} is not an origin"
                )),
            }
        }
        let mut trusted_proxies = Vec::new();
        for raw in &self.server.trusted_proxies {
            let parsed = raw
                .parse::<ipnet::IpNet>()
                .or_else(|_| raw.parse::<std::net::IpAddr>().map(ipnet::IpNet::from));
            match parsed {
                Ok(net) => trusted_proxies.push(net),
                Err(_) => problems.push(format!(
                    "server.trusted_proxies: {raw:?} is not an IP address or CIDR range"
                )),
            }
        }
        let mut grading = mentor_exercises::GradingSettings::default();
        let mut tutor = mentor_tutoring::TutorSettings::default();
        let throttle = self
            .rate_limits
            .validate(&mut problems, &mut grading, &mut tutor);
        let llm = self.llm.validate(production, &mut problems);
        self.tutor.validate(&mut problems, &mut tutor);
        tutor.prices = llm
            .providers
            .iter()
            .map(|p| ((p.name.clone(), p.model.clone()), p.price))
            .collect();
        let chat = self.chat.validate(&mut problems);
        let chat_heartbeat = Duration::from_secs(self.chat.heartbeat_secs);
        let ws = self.chat.ws_limits();
        let g = &self.grading;
        if g.lease_secs < 5 || g.lease_secs > 3600 {
            problems.push("grading.lease_secs: must be between 5 and 3600".to_owned());
        }
        if g.max_attempts == 0 {
            problems.push("grading.max_attempts: must be at least 1".to_owned());
        }
        if g.poll_ms < 10 || g.poll_ms > 60_000 {
            problems.push("grading.poll_ms: must be between 10 and 60000".to_owned());
        }
        if g.run_cpu_ms < 100 || g.run_wall_ms < g.run_cpu_ms {
            problems.push(
                "grading.run_cpu_ms / run_wall_ms: CPU at least 100 ms and wall at least CPU"
                    .to_owned(),
            );
        }
        grading.lease = Duration::from_secs(g.lease_secs);
        grading.max_attempts = g.max_attempts;
        grading.run_cpu_ms = g.run_cpu_ms;
        grading.run_wall_ms = g.run_wall_ms;
        if grading.lease.as_millis() <= u128::from(grading.run_wall_ms) * 3 {
            problems.push(
                "grading.lease_secs: must be well over a run's wall time (more than 3 × run_wall_ms)"
                    .to_owned(),
            );
        }
        let s = &self.sandbox;
        for (key, path) in [
            ("bwrap", &s.bwrap),
            ("python", &s.python),
            ("node", &s.node),
        ] {
            if !path.is_absolute() {
                problems.push(format!(
                    "sandbox.{key}: {} must be an absolute path",
                    path.display()
                ));
            }
        }
        if s.max_processes < 8 {
            problems.push("sandbox.max_processes: must be at least 8".to_owned());
        }
        let oauth = self
            .oauth
            .validate(public_url.as_ref(), production, &mut problems);
        if self.server.body_limit_bytes < 1024 || self.server.body_limit_bytes > 16 * 1024 * 1024 {
            problems.push("server.body_limit_bytes: must be between 1 KiB and 16 MiB".to_owned());
        }

        let database_url = if self.database.url.trim().is_empty() {
            if production {
                problems.push("database.url: required in production (postgres://…)".to_owned());
            }
            format!(
                "sqlite://{}?mode=rwc",
                self.data.dir.join("mentor.db").display()
            )
        } else {
            self.database.url.trim().to_owned()
        };
        let is_sqlite = database_url.starts_with("sqlite:");
        if !is_sqlite
            && !database_url.starts_with("postgres://")
            && !database_url.starts_with("postgresql://")
        {
            problems.push("database.url: must start with postgres:// or sqlite:".to_owned());
        }
        if production && is_sqlite {
            problems.push("database.url: production needs Postgres, not SQLite".to_owned());
        }
        if self.database.max_connections == 0 {
            problems.push("database.max_connections: must be at least 1".to_owned());
        }

        let redis_url = if self.redis.url.trim().is_empty() {
            if production {
                problems.push("redis.url: required in production (redis://…)".to_owned());
            }
            None
        } else if !self.redis.url.starts_with("redis://") {
            problems.push("redis.url: must start with redis:// (TLS to Redis is not built in yet; use a local TLS tunnel)".to_owned());
            None
        } else {
            Some(SecretString::from(self.redis.url.trim().to_owned()))
        };

        if !mentor_email::is_valid_mailbox(&self.mail.from) {
            problems.push(format!(
                "mail.from: {:?} is not a mailbox like `Mentor <no-reply@example.org>`",
                self.mail.from
            ));
        }
        let mail = if self.mail.smtp_host.trim().is_empty() {
            if production {
                problems.push("mail.smtp_host: required in production".to_owned());
            }
            let dir = if self.mail.outbox_dir.is_empty() {
                self.data.dir.join("outbox")
            } else {
                PathBuf::from(&self.mail.outbox_dir)
            };
            MailSettings::Outbox(dir)
        } else {
            if production
                && self.mail.smtp_tls == SmtpTlsSetting::None
                && !is_loopback_host(&self.mail.smtp_host)
            {
                problems.push(
                    "mail.smtp_tls: `none` is only allowed for a relay on this host in production"
                        .to_owned(),
                );
            }
            MailSettings::Smtp(mentor_email::SmtpSettings {
                host: self.mail.smtp_host.trim().to_owned(),
                port: self.mail.smtp_port,
                tls: match self.mail.smtp_tls {
                    SmtpTlsSetting::None => mentor_email::SmtpTls::None,
                    SmtpTlsSetting::Starttls => mentor_email::SmtpTls::StartTls,
                    SmtpTlsSetting::Tls => mentor_email::SmtpTls::Tls,
                },
                username: (!self.mail.smtp_username.is_empty())
                    .then(|| self.mail.smtp_username.clone()),
                password: (!self.mail.smtp_password.is_empty())
                    .then(|| SecretString::from(self.mail.smtp_password.clone())),
                from: self.mail.from.clone(),
                timeout: Duration::from_secs(10),
            })
        };

        let jwt_secret = if self.auth.jwt_secret.is_empty() {
            if production {
                problems.push(
                    "auth.jwt_secret: required in production (at least 32 random bytes)".to_owned(),
                );
            }
            None
        } else {
            if is_weak_secret(&self.auth.jwt_secret) {
                problems.push("auth.jwt_secret: too short (< 32 bytes) or a well-known value; generate one with `openssl rand -base64 48`".to_owned());
            }
            Some(SecretString::from(self.auth.jwt_secret.clone()))
        };
        let a = &self.auth;
        if !(1..=900).contains(&a.access_token_ttl_secs) {
            problems.push("auth.access_token_ttl_secs: must be between 1 and 900".to_owned());
        }
        if a.session_idle_timeout_secs < 60 {
            problems.push("auth.session_idle_timeout_secs: must be at least 60".to_owned());
        }
        if a.session_absolute_lifetime_secs < a.session_idle_timeout_secs {
            problems.push(
                "auth.session_absolute_lifetime_secs: must not be shorter than the idle timeout"
                    .to_owned(),
            );
        }
        if !(1..=72).contains(&a.verification_ttl_hours) {
            problems.push("auth.verification_ttl_hours: must be between 1 and 72".to_owned());
        }
        if !(5..=60).contains(&a.reset_ttl_minutes) {
            problems.push("auth.reset_ttl_minutes: must be between 5 and 60".to_owned());
        }
        if a.resend_cooldown_secs < 0 {
            problems.push("auth.resend_cooldown_secs: must not be negative".to_owned());
        }
        if a.argon2_memory_kib < 19_456 || a.argon2_iterations < 2 {
            problems
                .push("auth.argon2_*: below the OWASP minimum (19456 KiB, 2 passes)".to_owned());
        }

        if self
            .log
            .level
            .parse::<tracing_subscriber::EnvFilter>()
            .is_err()
        {
            problems.push(format!(
                "log.level: {:?} is not a tracing filter",
                self.log.level
            ));
        }

        if !problems.is_empty() {
            return Err(ConfigErrors(problems));
        }
        let (Some(listen), Some(public_url)) = (listen, public_url) else {
            return Err(ConfigErrors(vec![
                "internal: validated values missing".to_owned(),
            ]));
        };
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Ok(Settings {
            profile: self.profile,
            listen,
            secure_cookies: https,
            public_url,
            allowed_origins,
            body_limit_bytes: self.server.body_limit_bytes,
            shutdown_timeout: Duration::from_secs(self.server.shutdown_timeout_secs),
            workers: if self.server.workers == 0 {
                cores
            } else {
                self.server.workers
            },
            trusted_proxies,
            migrate_on_start: self.database.migrate_on_start.unwrap_or(is_sqlite),
            database_url: SecretString::from(database_url),
            database_max_connections: self.database.max_connections,
            data_dir: self.data.dir,
            redis_url,
            redis_key_prefix: self.redis.key_prefix,
            mail,
            mail_from: self.mail.from,
            jwt_secret,
            access_token_ttl: time::Duration::seconds(a.access_token_ttl_secs),
            auth: mentor_auth::AuthConfig {
                sessions: mentor_auth::SessionPolicy {
                    idle_timeout: time::Duration::seconds(a.session_idle_timeout_secs),
                    absolute_lifetime: time::Duration::seconds(a.session_absolute_lifetime_secs),
                    touch_interval: time::Duration::minutes(1),
                },
                verification_ttl: time::Duration::hours(a.verification_ttl_hours),
                resend_cooldown: time::Duration::seconds(a.resend_cooldown_secs),
                reset_ttl: time::Duration::minutes(a.reset_ttl_minutes),
                throttle,
            },
            hasher: mentor_auth::HasherLimits {
                memory_kib: a.argon2_memory_kib,
                iterations: a.argon2_iterations,
                parallelism: 1,
                max_concurrent: if a.max_concurrent_hashes == 0 {
                    cores
                } else {
                    a.max_concurrent_hashes
                },
            },
            log_json: match self.log.format {
                LogFormat::Json => true,
                LogFormat::Pretty => false,
                LogFormat::Auto => production,
            },
            log_level: self.log.level,
            docs_enabled: self.docs.enabled,
            oauth,
            seed_on_start: self.content.seed_on_start.unwrap_or(is_sqlite),
            content_dir: self.content.dir,
            sandbox: mentor_sandbox::SandboxSettings {
                bwrap: self.sandbox.bwrap,
                python: self.sandbox.python,
                node: self.sandbox.node,
                scratch_dir: if self.sandbox.scratch_dir.trim().is_empty() {
                    std::env::temp_dir()
                } else {
                    PathBuf::from(self.sandbox.scratch_dir.trim())
                },
                max_concurrent: if self.sandbox.max_concurrent == 0 {
                    cores
                } else {
                    self.sandbox.max_concurrent
                },
                max_processes: self.sandbox.max_processes,
                ..mentor_sandbox::SandboxSettings::default()
            },
            grading,
            serve_workers: self
                .grading
                .workers
                .unwrap_or(if is_sqlite { cores } else { 0 }),
            worker_workers: self.grading.workers.unwrap_or(cores),
            grading_poll: Duration::from_millis(self.grading.poll_ms),
            sandbox_check_on_start: self.sandbox.check_on_start,
            llm,
            tutor,
            generation: mentor_exercises::GenerationSettings {
                publish_without_review: self.tutor.publish_generated,
            },
            chat,
            chat_heartbeat,
            ws,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_a_valid_development_configuration() {
        let settings = RawSettings::default().validate().unwrap();
        assert_eq!(settings.listen.to_string(), "127.0.0.1:8080");
        assert!(
            settings
                .database_url
                .expose_secret()
                .starts_with("sqlite://")
        );
        assert!(settings.migrate_on_start);
        assert!(!settings.secure_cookies);
        assert!(matches!(settings.mail, MailSettings::Outbox(_)));
    }

    #[test]
    fn production_lists_every_missing_or_weak_setting_at_once() {
        let mut raw = RawSettings {
            profile: Profile::Production,
            ..RawSettings::default()
        };
        raw.auth.jwt_secret = "changeme".to_owned();
        let problems = raw.validate().unwrap_err().0;
        for expected in [
            "public_url",
            "database.url",
            "redis.url",
            "smtp_host",
            "jwt_secret",
        ] {
            assert!(
                problems.iter().any(|p| p.contains(expected)),
                "{expected} missing from {problems:?}"
            );
        }
    }

    #[test]
    fn a_strong_production_configuration_is_accepted() {
        let mut raw = RawSettings {
            profile: Profile::Production,
            ..RawSettings::default()
        };
        raw.server.public_url = "https://mentor.example.org".to_owned();
        raw.database.url = "postgres://mentor:pw@db/mentor".to_owned();
        raw.redis.url = "redis://cache:6379".to_owned();
        raw.mail.smtp_host = "smtp.example.org".to_owned();
        raw.auth.jwt_secret = "q8Zr3vN1xK5wT7pL0aY2cE4gH6jM9bD1fS3uW5".to_owned();
        let settings = raw.validate().unwrap();
        assert!(settings.secure_cookies);
        assert!(!settings.migrate_on_start);
        assert!(settings.log_json);
        let printed = format!("{settings:?}");
        assert!(!printed.contains(":pw@"), "{printed}");
        assert!(!printed.contains("q8Zr3v"), "{printed}");
    }

    #[test]
    fn malformed_values_are_reported_with_their_key() {
        let mut raw = RawSettings::default();
        raw.server.listen = "nowhere".to_owned();
        raw.database.url = "mysql://x".to_owned();
        raw.auth.access_token_ttl_secs = 3600;
        let problems = raw.validate().unwrap_err().0;
        assert_eq!(problems.len(), 3, "{problems:?}");
    }
}
