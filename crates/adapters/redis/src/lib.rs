//! Redis adapters (deadpool-redis): the production session store, shared by every app
//! instance so that a revocation is seen by all of them at once.
#![forbid(unsafe_code)]

mod keys;
mod sessions;

pub use deadpool_redis::Pool;
pub use keys::Keys;
pub use sessions::RedisSessionStore;

/// Builds a connection pool for a `redis://` URL (nothing is connected until first use).
///
/// # Errors
/// When the URL is not a valid Redis URL.
pub fn pool(url: &str, max_size: usize) -> anyhow::Result<Pool> {
    let mut config = deadpool_redis::Config::from_url(url);
    config.pool = Some(deadpool_redis::PoolConfig::new(max_size));
    Ok(config.create_pool(Some(deadpool_redis::Runtime::Tokio1))?)
}

/// Checks that Redis answers.
///
/// # Errors
/// When no connection can be made or `PING` fails.
pub async fn ping(pool: &Pool) -> anyhow::Result<()> {
    let mut conn = pool.get().await?;
    let pong: String = redis::cmd("PING").query_async(&mut conn).await?;
    anyhow::ensure!(pong == "PONG", "unexpected PING answer");
    Ok(())
}
