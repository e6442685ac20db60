//! The composition root: the only place that knows every concrete adapter. It builds the
//! ports from validated settings — embedded (SQLite, sessions in SQLite, outbox mail) or
//! production (Postgres, Redis, SMTP) — hands them to the domain services, and starts the
//! HTTP server.

use std::net::TcpListener;
use std::sync::{Arc, OnceLock};

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use anyhow::Context as _;
use mentor_auth::{
    AccessTokens, Argon2Hasher, AuthPorts, AuthService, JwtSettings, Mailer, SessionStore,
};
use mentor_kernel::{RateLimiter, SystemClock};
use mentor_migration::{Migrator, MigratorTrait as _};
use mentor_sql::DatabaseConnection;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use secrecy::ExposeSecret as _;
use tracing_actix_web::TracingLogger;

use crate::config::{MailSettings, Settings};
use crate::grading::{GradingSignals, SandboxHealth, Workers};
use crate::http::cookies::CookieSettings;
use crate::http::middleware::{cors, csrf_guard, record_metrics, security_headers};
use crate::http::state::AppState;
use crate::http::{self as api};

/// A dependency checked by `/health/ready`.
#[derive(Clone)]
pub enum Probe {
    /// The relational database.
    Database(DatabaseConnection),
    /// Redis.
    Redis(mentor_redis::ConnectionManager),
    /// The sandbox learner code runs in.
    Sandbox(Arc<SandboxHealth>),
}

impl std::fmt::Debug for Probe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Probe {
    /// The name shown in the readiness answer.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Self::Database(_) => "database",
            Self::Redis(_) => "session_store",
            Self::Sandbox(_) => "sandbox",
        }
    }

    /// Whether the dependency answers.
    ///
    /// # Errors
    /// What failed.
    pub async fn check(&self) -> anyhow::Result<()> {
        match self {
            Self::Database(db) => Ok(db.ping().await?),
            Self::Redis(conn) => mentor_redis::ping(conn).await,
            Self::Sandbox(health) => health.probe().await.map_err(anyhow::Error::msg),
        }
    }
}

/// Process-wide Prometheus recorder (a recorder can be installed once per process).
///
/// # Errors
/// When the recorder cannot be installed.
pub fn metrics_handle() -> anyhow::Result<PrometheusHandle> {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    if let Some(handle) = HANDLE.get() {
        return Ok(handle.clone());
    }
    let handle = PrometheusBuilder::new()
        .set_buckets(&[
            0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
        ])?
        .install_recorder()?;
    Ok(HANDLE.get_or_init(|| handle).clone())
}

/// Loads the catalog folder and seeds it (idempotent); returns the report.
///
/// # Errors
/// When the folder has problems (all listed) or seeding fails.
pub async fn seed(
    settings: &Settings,
    exercises: &mentor_exercises::ExerciseService,
) -> anyhow::Result<mentor_exercises::SeedReport> {
    let drafts = mentor_content::load_catalog(&settings.content_dir)
        .with_context(|| format!("reading the catalog in {}", settings.content_dir.display()))?;
    Ok(exercises.seed(drafts).await?)
}

/// `mentor admin generate-load`: migrates, seeds the catalog, and writes `spec`'s learners and
/// submissions ([`mentor_sql::load`]).
///
/// # Errors
/// When the database cannot be reached, the catalog cannot be seeded, or an insert fails.
pub async fn generate_load(
    settings: &Settings,
    spec: mentor_sql::load::LoadSpec,
) -> anyhow::Result<mentor_sql::load::LoadReport> {
    migrate(settings).await?;
    let state = compose(settings).await?;
    seed(settings, &state.exercises).await?;
    let db = mentor_sql::connect(settings.database_url.expose_secret(), 2).await?;
    mentor_sql::load::generate(&db, spec).await
}

/// Opens the database and applies migrations.
///
/// # Errors
/// When the database cannot be reached or a migration fails.
pub async fn migrate(settings: &Settings) -> anyhow::Result<()> {
    prepare_sqlite_dir(settings)?;
    let db = mentor_sql::connect(settings.database_url.expose_secret(), 2).await?;
    Migrator::up(&db, None)
        .await
        .context("applying migrations")?;
    Ok(())
}

fn prepare_sqlite_dir(settings: &Settings) -> anyhow::Result<()> {
    if settings.database_url.expose_secret().starts_with("sqlite:") {
        std::fs::create_dir_all(&settings.data_dir)
            .with_context(|| format!("creating data folder {}", settings.data_dir.display()))?;
    }
    Ok(())
}

/// The built application: services wired, listener bound, not yet running.
pub struct Application {
    port: u16,
    server: Server,
    workers: Workers,
    shutdown_timeout: std::time::Duration,
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application")
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

impl Application {
    /// Builds every adapter and service from `settings` and binds the listener.
    ///
    /// # Errors
    /// When a dependency cannot be reached, migrations fail, or the address is taken.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        Self::build_with_routes(settings, |_| {}).await
    }

    /// Like [`Self::build`], with extra routes registered before the API's fallbacks (tests
    /// use it to mount probes of the extractors).
    ///
    /// # Errors
    /// As [`Self::build`].
    pub async fn build_with_routes(
        settings: Settings,
        extra_routes: fn(&mut web::ServiceConfig),
    ) -> anyhow::Result<Self> {
        let state = compose(&settings).await?;
        if settings.seed_on_start {
            seed(&settings, &state.exercises).await?;
        }
        if settings.sandbox_check_on_start {
            let _ = state.sandbox.ready().await;
        }
        let workers = Workers::start(
            settings.serve_workers,
            &state.grading,
            &state.sandbox,
            &state.signals,
            settings.grading_poll,
        );
        let listener = TcpListener::bind(settings.listen)
            .with_context(|| format!("binding {}", settings.listen))?;
        let port = listener.local_addr()?.port();
        let body_limit = settings.body_limit_bytes;
        let docs = settings.docs_enabled;
        let data = web::Data::new(state);
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .wrap(from_fn(csrf_guard))
                .wrap(from_fn(cors))
                .wrap(from_fn(security_headers))
                .wrap(from_fn(record_metrics))
                .wrap(TracingLogger::<crate::telemetry::RequestSpan>::new())
                .configure(extra_routes)
                .configure(|cfg| api::configure(cfg, body_limit, docs))
        })
        .workers(settings.workers)
        // Streamed answers are many small writes: without TCP_NODELAY, Nagle's algorithm holds
        // each one until the client's delayed ACK (~40 ms on Linux).
        .tcp_nodelay(true)
        .shutdown_timeout(settings.shutdown_timeout.as_secs())
        .disable_signals()
        .listen(listener)?
        .run();
        let handle = server.handle();
        tokio::spawn(async move {
            wait_for_stop_signal().await;
            tracing::info!("stop signal received; draining in-flight requests");
            handle.stop(true).await;
        });
        tracing::info!(port, public_url = %settings.public_url, "listening");
        Ok(Self {
            port,
            server,
            workers,
            shutdown_timeout: settings.shutdown_timeout,
        })
    }

    /// The bound port (useful when configured as 0).
    #[must_use]
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGINT/SIGTERM, then drains in-flight requests.
    ///
    /// # Errors
    /// When the server fails.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let served = self.server.await;
        self.workers.stop(self.shutdown_timeout).await;
        served
    }
}

/// `mentor worker`: grades from the shared queue until SIGINT/SIGTERM, then lets each worker
/// finish its submission (up to the shutdown budget).
///
/// # Errors
/// When a dependency cannot be reached or the sandbox cannot be set up (a worker that cannot
/// grade refuses to start rather than fail every job).
pub async fn run_workers(settings: &Settings) -> anyhow::Result<()> {
    let state = compose(settings).await?;
    if let Err(reason) = state.sandbox.ready().await {
        anyhow::bail!("the sandbox cannot be set up, so this worker cannot grade: {reason}");
    }
    let workers = Workers::start(
        settings.worker_workers.max(1),
        &state.grading,
        &state.sandbox,
        &state.signals,
        settings.grading_poll,
    );
    wait_for_stop_signal().await;
    tracing::info!("stop signal received; finishing the submissions in hand");
    workers.stop(settings.shutdown_timeout).await;
    Ok(())
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM. actix-web's own handling would stop at once on
/// SIGINT; both signals drain gracefully here.
async fn wait_for_stop_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = interrupt => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM; only Ctrl-C stops gracefully");
                let _ = interrupt.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}

/// Wires adapters and services (also used by the `admin` commands).
///
/// # Errors
/// When a dependency cannot be reached or migrations fail.
pub async fn compose(settings: &Settings) -> anyhow::Result<AppState> {
    // The HTTP clients (language models, sign-in providers) use rustls without a built-in
    // crypto provider; install ring's once per process (a second call changes nothing).
    let _ = rustls::crypto::ring::default_provider().install_default();
    prepare_sqlite_dir(settings)?;
    let db = mentor_sql::connect(
        settings.database_url.expose_secret(),
        settings.database_max_connections,
    )
    .await
    .with_context(|| {
        format!(
            "connecting to {}",
            crate::config::redact_url(settings.database_url.expose_secret())
        )
    })?;
    if settings.migrate_on_start {
        Migrator::up(&db, None)
            .await
            .context("applying migrations")?;
    }
    let mut probes = vec![Probe::Database(db.clone())];

    let clock: Arc<dyn mentor_kernel::Clock> = Arc::new(SystemClock);
    let (sessions, limiter, cache): (
        Arc<dyn SessionStore>,
        Arc<dyn RateLimiter>,
        Arc<dyn mentor_tutoring::AnswerCache>,
    ) = match &settings.redis_url {
        Some(url) => {
            let pool = mentor_redis::connect(url.expose_secret())?;
            mentor_redis::ping(&pool).await.with_context(|| {
                format!(
                    "connecting to Redis at {}",
                    crate::config::redact_url(url.expose_secret())
                )
            })?;
            probes.push(Probe::Redis(pool.clone()));
            let keys = mentor_redis::Keys::new(settings.redis_key_prefix.clone());
            (
                Arc::new(mentor_redis::RedisSessionStore::new(
                    pool.clone(),
                    keys.clone(),
                )),
                Arc::new(mentor_redis::RedisRateLimiter::new(
                    pool.clone(),
                    keys.clone(),
                )),
                Arc::new(mentor_redis::RedisAnswerCache::new(pool, keys)),
            )
        }
        None => (
            Arc::new(mentor_sql::SqlSessionStore::new(db.clone())),
            Arc::new(mentor_memory::MemoryRateLimiter::new(Arc::new(SystemClock))),
            Arc::new(mentor_memory::MemoryAnswerCache::new(Arc::new(SystemClock))),
        ),
    };

    let templates = mentor_email::Templates::new(settings.public_url.as_str());
    let mailer: Arc<dyn Mailer> = match &settings.mail {
        MailSettings::Outbox(dir) => Arc::new(mentor_email::OutboxMailer::new(
            dir,
            &settings.mail_from,
            templates,
        )?),
        MailSettings::Smtp(smtp) => Arc::new(mentor_email::SmtpMailer::new(smtp, templates)?),
    };

    let jwt_secret = match &settings.jwt_secret {
        Some(secret) => secret.clone(),
        None => crate::secrets::development_jwt_secret(&settings.data_dir)?,
    };
    let access = AccessTokens::new(&JwtSettings {
        secret: jwt_secret,
        issuer: settings.public_url.origin().ascii_serialization(),
        audience: "mentor-api".to_owned(),
        ttl: settings.access_token_ttl,
    })?;
    let profiles: Arc<dyn mentor_auth::ProfileRepository> =
        Arc::new(mentor_sql::SqlProfileRepository::new(db.clone()));
    let users: Arc<dyn mentor_auth::UserRepository> =
        Arc::new(mentor_sql::SqlUserRepository::new(db.clone()));
    let ports = AuthPorts {
        users: users.clone(),
        hasher: Arc::new(Argon2Hasher::new(settings.hasher)?),
        sessions,
        one_time_tokens: Arc::new(mentor_sql::SqlOneTimeTokenStore::new(db.clone())),
        mailer,
        audit: Arc::new(mentor_sql::SqlAuditLog::new(db.clone())),
        clock: Arc::new(SystemClock),
        limiter: limiter.clone(),
        identities: Arc::new(mentor_sql::SqlIdentityRepository::new(db.clone())),
        profiles: profiles.clone(),
    };
    let tutor_limiter = limiter.clone();
    let ws_limiter = limiter.clone();
    let mut providers: Vec<Arc<dyn mentor_auth::IdentityProvider>> = Vec::new();
    if let Some(google) = &settings.oauth.google {
        providers.push(Arc::new(mentor_oauth::OidcProvider::new(google.clone())?));
    }
    if let Some(github) = &settings.oauth.github {
        providers.push(Arc::new(mentor_oauth::GitHubProvider::new(github.clone())?));
    }
    let auth = AuthService::new(ports, access, settings.auth)
        .await?
        .with_providers(providers);

    let catalog = Arc::new(mentor_sql::SqlCatalogRepository::new(db.clone()));
    let hints = Arc::new(mentor_sql::SqlHintLedger::new(db.clone()));
    let exercises =
        mentor_exercises::ExerciseService::new(catalog.clone(), hints.clone(), clock.clone());
    let runner: Arc<dyn mentor_exercises::CodeRunner> =
        match mentor_sandbox::BwrapRunner::new(settings.sandbox.clone()) {
            Ok(runner) => Arc::new(runner),
            Err(e) => Arc::new(mentor_sandbox::UnavailableRunner::new(e.to_string())),
        };
    let progress = Arc::new(mentor_progress::ProgressService::new(
        mentor_progress::ProgressPorts {
            exercises: Arc::new(crate::progress::CatalogDirectory::new(catalog.clone())),
            learners: Arc::new(crate::progress::ProfileDirectory::new(profiles.clone())),
            store: Arc::new(mentor_sql::SqlProgressRepository::new(db.clone())),
            achievements: Arc::new(mentor_sql::SqlAchievementRepository::new(db.clone())),
            daily: Arc::new(mentor_sql::SqlDailyRepository::new(db.clone())),
            clock: clock.clone(),
        },
    ));
    let grading = Arc::new(mentor_exercises::GradingService::new(
        mentor_exercises::GradingPorts {
            catalog: catalog.clone(),
            submissions: Arc::new(mentor_sql::SqlSubmissionRepository::new(db.clone())),
            hints,
            runner: runner.clone(),
            events: Arc::new(crate::progress::ProgressEvents::new(progress.clone())),
            limiter,
            clock: clock.clone(),
        },
        settings.grading,
    ));
    let usage: Arc<dyn mentor_tutoring::UsageLedger> =
        Arc::new(mentor_sql::SqlUsageLedger::new(db.clone()));
    let tutor = Arc::new(mentor_tutoring::TutorService::new(
        mentor_tutoring::TutorPorts {
            router: crate::tutoring::router(&settings.llm)?,
            context: Arc::new(crate::tutoring::AppTutorContext::new(
                users,
                profiles,
                catalog.clone(),
                grading.clone(),
            )),
            usage: usage.clone(),
            limiter: tutor_limiter,
            clock: clock.clone(),
            cache,
        },
        settings.tutor.clone(),
    ));
    let generation = Arc::new(mentor_exercises::GenerationService::new(
        mentor_exercises::GenerationPorts {
            writer: Arc::new(crate::tutoring::TutorExerciseWriter(tutor.clone())),
            runner,
            store: Arc::new(mentor_sql::SqlGeneratedExercises::new(db.clone())),
            catalog,
            clock: clock.clone(),
        },
        settings.generation,
    ));
    let chat = Arc::new(mentor_chat::ChatService::new(
        Arc::new(mentor_sql::SqlConversationRepository::new(db.clone())),
        Arc::new(crate::tutoring::ChatTutor(tutor.clone())),
        clock,
        settings.chat,
    ));
    let sandbox = SandboxHealth::unchecked(grading.clone());
    probes.push(Probe::Sandbox(sandbox.clone()));
    Ok(AppState {
        auth: Arc::new(auth),
        exercises: Arc::new(exercises),
        grading,
        progress,
        tutor,
        generation,
        chat,
        usage,
        chat_heartbeat: settings.chat_heartbeat,
        ws: settings.ws,
        limiter: ws_limiter,
        hints_in_progress: Arc::default(),
        sandbox,
        signals: GradingSignals::default(),
        cookies: CookieSettings::new(settings.secure_cookies),
        allowed_origins: settings.allowed_origins.clone(),
        trusted_proxies: settings.trusted_proxies.clone(),
        hsts: settings.public_url.scheme() == "https",
        probes,
        metrics: metrics_handle()?,
        docs_enabled: settings.docs_enabled,
        oauth_success_path: settings.oauth.success_path.clone(),
        oauth_failure_path: settings.oauth.failure_path.clone(),
    })
}
