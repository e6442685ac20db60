//! Isolated environments for tests: a fresh SQLite file, a fresh Postgres database created
//! from a migrated template, a Redis key prefix of its own.
//!
//! Postgres and Redis are used when `MENTOR_TEST_DATABASE_URL` / `MENTOR_TEST_REDIS_URL` are
//! set; then they must be reachable, or the test fails (CI depends on that).

use std::sync::Arc;

use mentor_auth::{
    AuditLog, IdentityRepository, OneTimeTokenStore, ProfileRepository, SessionStore,
    UserRepository,
};
use mentor_memory::{
    MemoryAuditLog, MemoryIdentityRepository, MemoryOneTimeTokenStore, MemoryProfileRepository,
    MemorySessionStore, MemoryUserRepository,
};
use mentor_migration::{Migrator, MigratorTrait as _};
use sea_orm::{ConnectionTrait as _, DatabaseConnection};

/// The stateful ports, from one back-end.
pub struct Backend {
    /// Accounts.
    pub users: Arc<dyn UserRepository>,
    /// Sessions.
    pub sessions: Arc<dyn SessionStore>,
    /// One-time tokens.
    pub tokens: Arc<dyn OneTimeTokenStore>,
    /// Audit trail.
    pub audit: Arc<dyn AuditLog>,
    /// External identities.
    pub identities: Arc<dyn IdentityRepository>,
    /// Profiles.
    pub profiles: Arc<dyn ProfileRepository>,
    /// The exercise catalog.
    pub catalog: Arc<dyn mentor_exercises::CatalogRepository>,
    /// Hint reveals.
    pub hints: Arc<dyn mentor_exercises::HintLedger>,
    /// Submissions (the grading queue).
    pub submissions: Arc<dyn mentor_exercises::SubmissionRepository>,
    /// Ratings and history.
    pub progress: Arc<dyn mentor_progress::ProgressRepository>,
    /// Achievements and notifications.
    pub achievements: Arc<dyn mentor_progress::AchievementRepository>,
    /// Daily picks.
    pub daily: Arc<dyn mentor_progress::DailyRepository>,
    /// Conversations with the tutor.
    pub conversations: Arc<dyn mentor_chat::ConversationRepository>,
    /// Model-call records.
    pub usage: Arc<dyn mentor_tutoring::UsageLedger>,
    /// Generated exercises and their reviews.
    pub generated: Arc<dyn mentor_exercises::GeneratedExerciseRepository>,
    guard: Guard,
}

impl std::fmt::Debug for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Backend").finish_non_exhaustive()
    }
}

enum Guard {
    None,
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres(TestDatabase),
}

impl Backend {
    /// Everything in memory.
    #[must_use]
    pub fn memory() -> Self {
        Self {
            users: Arc::new(MemoryUserRepository::new()),
            sessions: Arc::new(MemorySessionStore::new()),
            tokens: Arc::new(MemoryOneTimeTokenStore::new()),
            audit: Arc::new(MemoryAuditLog::new()),
            identities: Arc::new(MemoryIdentityRepository::new()),
            profiles: Arc::new(MemoryProfileRepository::new()),
            catalog: Arc::new(mentor_memory::MemoryCatalogRepository::new()),
            hints: Arc::new(mentor_memory::MemoryHintLedger::new()),
            submissions: Arc::new(mentor_memory::MemorySubmissionRepository::new()),
            progress: Arc::new(mentor_memory::MemoryProgressRepository::new()),
            achievements: Arc::new(mentor_memory::MemoryAchievementRepository::new()),
            daily: Arc::new(mentor_memory::MemoryDailyRepository::new()),
            conversations: Arc::new(mentor_memory::MemoryConversationRepository::new()),
            usage: Arc::new(mentor_memory::MemoryUsageLedger::new()),
            generated: Arc::new(mentor_memory::MemoryGeneratedExercises::new()),
            guard: Guard::None,
        }
    }

    /// Everything in a fresh, migrated SQLite file.
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
        let db = mentor_sql::connect(&url, 4).await.unwrap();
        Migrator::up(&db, None).await.unwrap();
        Self::sql(db, Guard::Sqlite(dir))
    }

    /// Everything in a fresh Postgres database, or `None` when no Postgres is configured.
    pub async fn postgres() -> Option<Self> {
        let database = TestDatabase::create().await?;
        let db = database.connect().await;
        Some(Self::sql(db, Guard::Postgres(database)))
    }

    /// Sessions in Redis under a fresh prefix (accounts and tokens in memory), or `None`
    /// when no Redis is configured.
    pub async fn redis() -> Option<Self> {
        let sessions = redis_session_store().await?;
        Some(Self {
            users: Arc::new(MemoryUserRepository::new()),
            sessions: Arc::new(sessions),
            tokens: Arc::new(MemoryOneTimeTokenStore::new()),
            audit: Arc::new(MemoryAuditLog::new()),
            identities: Arc::new(MemoryIdentityRepository::new()),
            profiles: Arc::new(MemoryProfileRepository::new()),
            catalog: Arc::new(mentor_memory::MemoryCatalogRepository::new()),
            hints: Arc::new(mentor_memory::MemoryHintLedger::new()),
            submissions: Arc::new(mentor_memory::MemorySubmissionRepository::new()),
            progress: Arc::new(mentor_memory::MemoryProgressRepository::new()),
            achievements: Arc::new(mentor_memory::MemoryAchievementRepository::new()),
            daily: Arc::new(mentor_memory::MemoryDailyRepository::new()),
            conversations: Arc::new(mentor_memory::MemoryConversationRepository::new()),
            usage: Arc::new(mentor_memory::MemoryUsageLedger::new()),
            generated: Arc::new(mentor_memory::MemoryGeneratedExercises::new()),
            guard: Guard::None,
        })
    }

    fn sql(db: DatabaseConnection, guard: Guard) -> Self {
        Self {
            users: Arc::new(mentor_sql::SqlUserRepository::new(db.clone())),
            sessions: Arc::new(mentor_sql::SqlSessionStore::new(db.clone())),
            tokens: Arc::new(mentor_sql::SqlOneTimeTokenStore::new(db.clone())),
            audit: Arc::new(mentor_sql::SqlAuditLog::new(db.clone())),
            identities: Arc::new(mentor_sql::SqlIdentityRepository::new(db.clone())),
            profiles: Arc::new(mentor_sql::SqlProfileRepository::new(db.clone())),
            catalog: Arc::new(mentor_sql::SqlCatalogRepository::new(db.clone())),
            hints: Arc::new(mentor_sql::SqlHintLedger::new(db.clone())),
            submissions: Arc::new(mentor_sql::SqlSubmissionRepository::new(db.clone())),
            progress: Arc::new(mentor_sql::SqlProgressRepository::new(db.clone())),
            achievements: Arc::new(mentor_sql::SqlAchievementRepository::new(db.clone())),
            daily: Arc::new(mentor_sql::SqlDailyRepository::new(db.clone())),
            conversations: Arc::new(mentor_sql::SqlConversationRepository::new(db.clone())),
            usage: Arc::new(mentor_sql::SqlUsageLedger::new(db.clone())),
            generated: Arc::new(mentor_sql::SqlGeneratedExercises::new(db)),
            guard,
        }
    }

    /// Releases what the back-end created (drops a Postgres test database).
    pub async fn finish(self) {
        drop(self.users);
        drop(self.sessions);
        drop(self.tokens);
        drop(self.audit);
        drop(self.identities);
        drop(self.profiles);
        drop(self.catalog);
        drop(self.hints);
        drop(self.submissions);
        drop(self.progress);
        drop(self.achievements);
        drop(self.daily);
        drop(self.conversations);
        drop(self.usage);
        drop(self.generated);
        if let Guard::Postgres(database) = self.guard {
            database.drop_database().await;
        }
    }
}

/// The Redis URL for tests, if configured.
#[must_use]
pub fn redis_url() -> Option<String> {
    std::env::var("MENTOR_TEST_REDIS_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

/// A connection to the test Redis and a fresh key prefix, or `None` when Redis is not
/// configured (panics when it is configured but does not answer).
pub async fn redis_connection() -> Option<(mentor_redis::ConnectionManager, mentor_redis::Keys)> {
    let url = redis_url()?;
    let conn = mentor_redis::connect(&url).unwrap();
    mentor_redis::ping(&conn).await.unwrap_or_else(|e| {
        panic!("MENTOR_TEST_REDIS_URL is set but Redis does not answer: {e:#}")
    });
    let prefix = format!("mentor-test:{}:", uuid::Uuid::new_v4().simple());
    Some((conn, mentor_redis::Keys::new(prefix)))
}

/// A Redis session store under a unique key prefix, or `None` when Redis is not configured.
pub async fn redis_session_store() -> Option<mentor_redis::RedisSessionStore> {
    let (conn, keys) = redis_connection().await?;
    Some(mentor_redis::RedisSessionStore::new(conn, keys))
}

/// A Redis rate limiter under a unique key prefix, or `None` when Redis is not configured.
pub async fn redis_rate_limiter() -> Option<mentor_redis::RedisRateLimiter> {
    let (conn, keys) = redis_connection().await?;
    Some(mentor_redis::RedisRateLimiter::new(conn, keys))
}

/// A Redis answer cache under a unique key prefix, or `None` when Redis is not configured.
pub async fn redis_answer_cache() -> Option<mentor_redis::RedisAnswerCache> {
    let (conn, keys) = redis_connection().await?;
    Some(mentor_redis::RedisAnswerCache::new(conn, keys))
}

/// A Postgres database of its own, copied from a migrated template.
#[derive(Debug)]
pub struct TestDatabase {
    admin_url: String,
    name: String,
}

/// Replaces the database name in a Postgres URL.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let base = base.rsplit_once('/').map_or(base, |(b, _)| b);
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

fn template_name() -> String {
    let names: Vec<String> = Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    // Names and sources: an edited migration gets a fresh template, not a stale one.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in names
        .join(",")
        .bytes()
        .chain(mentor_migration::SOURCES.iter().flat_map(|s| s.bytes()))
    {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("mentor_tmpl_{hash:016x}")
}

impl TestDatabase {
    /// The configured Postgres URL, if any.
    #[must_use]
    pub fn admin_url() -> Option<String> {
        std::env::var("MENTOR_TEST_DATABASE_URL")
            .ok()
            .filter(|u| !u.is_empty())
    }

    /// Creates a database from the migrated template (creating the template once, under an
    /// advisory lock, when missing). `None` when Postgres is not configured.
    pub async fn create() -> Option<Self> {
        let admin_url = Self::admin_url()?;
        let admin = mentor_sql::connect(&admin_url, 1)
            .await
            .unwrap_or_else(|e| {
                panic!("MENTOR_TEST_DATABASE_URL is set but Postgres does not answer: {e:#}")
            });
        let template = template_name();
        admin
            .execute_unprepared("SELECT pg_advisory_lock(727274)")
            .await
            .unwrap();
        let exists = admin
            .query_one_raw(sea_orm::Statement::from_string(
                admin.get_database_backend(),
                format!("SELECT 1 FROM pg_database WHERE datname = '{template}'"),
            ))
            .await
            .unwrap()
            .is_some();
        if !exists {
            let building = format!("{template}_building");
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {building}"))
                .await
                .unwrap();
            admin
                .execute_unprepared(&format!("CREATE DATABASE {building}"))
                .await
                .unwrap();
            let db = mentor_sql::connect(&with_database(&admin_url, &building), 1)
                .await
                .unwrap();
            Migrator::up(&db, None).await.unwrap();
            db.close().await.unwrap();
            admin
                .execute_unprepared(&format!("ALTER DATABASE {building} RENAME TO {template}"))
                .await
                .unwrap();
        }
        admin
            .execute_unprepared("SELECT pg_advisory_unlock(727274)")
            .await
            .unwrap();
        let name = format!("mentor_t_{}", uuid::Uuid::new_v4().simple());
        let mut attempts = 0;
        loop {
            match admin
                .execute_unprepared(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
                .await
            {
                Ok(_) => break,
                // Two copies of one template at the same instant can collide; try again.
                Err(e) if attempts < 20 => {
                    attempts += 1;
                    let _ = e;
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                Err(e) => panic!("cannot create test database: {e}"),
            }
        }
        admin.close().await.unwrap();
        Some(Self { admin_url, name })
    }

    /// This database's URL.
    #[must_use]
    pub fn url(&self) -> String {
        with_database(&self.admin_url, &self.name)
    }

    /// A pool on this database.
    pub async fn connect(&self) -> DatabaseConnection {
        mentor_sql::connect(&self.url(), 4).await.unwrap()
    }

    /// Drops the database (closing any connections still open to it).
    pub async fn drop_database(self) {
        if let Ok(admin) = mentor_sql::connect(&self.admin_url, 1).await {
            let _ = admin
                .execute_unprepared(&format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    self.name
                ))
                .await;
            let _ = admin.close().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn database_names_are_replaced_in_urls() {
        assert_eq!(
            with_database("postgres://u@h:5432/test", "x"),
            "postgres://u@h:5432/x"
        );
        assert_eq!(
            with_database("postgres://u@h/test?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
    }
}
