//! sea-orm repositories for Postgres and SQLite. The same code serves both back-ends: no
//! repository branches on the database kind. Entities stay inside this crate; rows become
//! domain types through the domain's own constructors, so a bad row is an error, not a panic.
#![forbid(unsafe_code)]

mod auth;
mod chat;
mod entities;
mod exercises;
mod generated;
mod identities;
pub mod load;
mod profiles;
mod progress;
mod submissions;
mod usage;

use std::time::Duration;

pub use auth::{SqlAuditLog, SqlOneTimeTokenStore, SqlSessionStore, SqlUserRepository};
pub use chat::SqlConversationRepository;
pub use exercises::{SqlCatalogRepository, SqlHintLedger};
pub use generated::SqlGeneratedExercises;
pub use identities::SqlIdentityRepository;
pub use profiles::SqlProfileRepository;
pub use progress::{
    QueryPlan, SqlAchievementRepository, SqlDailyRepository, SqlProgressRepository,
};
pub use sea_orm::DatabaseConnection;
use sea_orm::{ConnectOptions, Database};
pub use submissions::SqlSubmissionRepository;
pub use usage::SqlUsageLedger;

/// Opens a connection pool for a `postgres://` or `sqlite://` URL.
///
/// # Errors
/// When the database cannot be reached.
pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<DatabaseConnection> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(5))
        // Ping only connections idle long enough to have been dropped, not on every checkout
        // (which would add a round trip to every query).
        .test_before_acquire_if_idle_for(Duration::from_secs(30))
        .sqlx_logging(false);
    Ok(Database::connect(options).await?)
}
