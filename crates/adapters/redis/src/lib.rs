//! Redis adapters: the production session store, shared by every app instance so that a
//! revocation is seen by all of them at once, the shared rate limiter, and the shared cache of
//! deterministic model answers.
//!
//! Connections are redis' own [`ConnectionManager`]: one multiplexed connection per
//! instance that pipelines concurrent commands and reconnects by itself. (A deadpool pool of
//! multiplexed connections adds a PING round trip to every checkout; see ADR 0006.)
#![forbid(unsafe_code)]

mod cache;
mod keys;
mod rate_limit;
mod sessions;

use std::time::Duration;

pub use cache::RedisAnswerCache;
pub use keys::Keys;
pub use rate_limit::RedisRateLimiter;
pub use redis::aio::ConnectionManager;
pub use sessions::RedisSessionStore;

/// A connection manager for a `redis://` URL (it connects on first use and reconnects after
/// failures; commands time out after 2 s).
///
/// # Errors
/// When the URL is not a valid Redis URL.
pub fn connect(url: &str) -> anyhow::Result<ConnectionManager> {
    let config = redis::aio::ConnectionManagerConfig::new()
        .set_connection_timeout(Some(Duration::from_secs(2)))
        .set_response_timeout(Some(Duration::from_secs(2)))
        .set_number_of_retries(2);
    Ok(redis::Client::open(url)?.get_connection_manager_lazy(config)?)
}

/// Checks that Redis answers.
///
/// # Errors
/// When no connection can be made or `PING` fails.
pub async fn ping(conn: &ConnectionManager) -> anyhow::Result<()> {
    let mut conn = conn.clone();
    let pong: String = redis::cmd("PING").query_async(&mut conn).await?;
    anyhow::ensure!(pong == "PONG", "unexpected PING answer");
    Ok(())
}
