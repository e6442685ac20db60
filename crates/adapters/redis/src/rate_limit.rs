//! The shared [`RateLimiter`]: every decision is one Lua script run atomically by Redis, on
//! the Redis server's clock (`TIME`), so all instances of the server agree.

use std::time::Duration;

use async_trait::async_trait;
use mentor_kernel::{Backoff, RateDecision, RateLimiter, RatePolicy};
use redis::Script;
use redis::aio::ConnectionManager;

use crate::keys::Keys;

/// GCRA. KEYS: cell. ARGV: interval µs, capacity µs.
/// Returns {1, remaining} when allowed, {0, retry_after µs} when limited.
const GCRA: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local new_tat = tat + interval
local ahead = new_tat - now
if ahead > capacity then
  return {0, ahead - capacity}
end
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.max(1, math.ceil(ahead / 1000)))
return {1, math.floor((capacity - ahead) / interval)}
";

/// Back-off. KEYS: counter hash. ARGV: free failures, base ms, max ms, reset-after ms.
/// Returns the block in ms.
const PENALIZE: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local free = tonumber(ARGV[1])
local base = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
local count = redis.call('HINCRBY', KEYS[1], 'count', 1)
local block = 0
if count > free then
  local exponent = math.min(count - free - 1, 30)
  block = math.min(base * (2 ^ exponent), max)
end
redis.call('HSET', KEYS[1], 'blocked_until', string.format('%.0f', now + block))
redis.call('PEXPIRE', KEYS[1], math.max(1, tonumber(ARGV[4]) + block))
return block
";

/// KEYS: counter hash. Returns the rest of the block in ms (0 when not blocked).
const BLOCKED: &str = r"
local until_ms = tonumber(redis.call('HGET', KEYS[1], 'blocked_until') or 0)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if until_ms > now then return until_ms - now end
return 0
";

/// The production [`RateLimiter`].
#[derive(Clone)]
pub struct RedisRateLimiter {
    conn: ConnectionManager,
    keys: Keys,
    gcra: Script,
    penalize: Script,
    blocked: Script,
}

impl std::fmt::Debug for RedisRateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisRateLimiter")
            .field("keys", &self.keys)
            .finish_non_exhaustive()
    }
}

impl RedisRateLimiter {
    /// A limiter on `conn` with keys under `keys`.
    #[must_use]
    pub fn new(conn: ConnectionManager, keys: Keys) -> Self {
        Self {
            conn,
            keys,
            gcra: Script::new(GCRA),
            penalize: Script::new(PENALIZE),
            blocked: Script::new(BLOCKED),
        }
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

#[async_trait]
impl RateLimiter for RedisRateLimiter {
    async fn check(&self, key: &str, policy: &RatePolicy) -> anyhow::Result<RateDecision> {
        let mut conn = self.conn.clone();
        let (allowed, value): (i64, i64) = self
            .gcra
            .key(self.keys.limit(key))
            .arg(micros(policy.interval()))
            .arg(micros(policy.capacity()))
            .invoke_async(&mut conn)
            .await?;
        let value = u64::try_from(value.max(0)).unwrap_or(0);
        Ok(if allowed == 1 {
            RateDecision::Allowed {
                remaining: u32::try_from(value).unwrap_or(u32::MAX),
            }
        } else {
            RateDecision::Limited {
                retry_after: Duration::from_micros(value),
            }
        })
    }

    async fn penalize(&self, key: &str, backoff: &Backoff) -> anyhow::Result<Duration> {
        let mut conn = self.conn.clone();
        let block: i64 = self
            .penalize
            .key(self.keys.limit(key))
            .arg(backoff.free_failures)
            .arg(millis(backoff.base))
            .arg(millis(backoff.max))
            .arg(millis(backoff.reset_after))
            .invoke_async(&mut conn)
            .await?;
        Ok(Duration::from_millis(
            u64::try_from(block.max(0)).unwrap_or(0),
        ))
    }

    async fn blocked_for(&self, key: &str) -> anyhow::Result<Option<Duration>> {
        let mut conn = self.conn.clone();
        let rest: i64 = self
            .blocked
            .key(self.keys.limit(key))
            .invoke_async(&mut conn)
            .await?;
        Ok((rest > 0).then(|| Duration::from_millis(u64::try_from(rest).unwrap_or(0))))
    }

    async fn clear(&self, key: &str) -> anyhow::Result<()> {
        let mut conn = self.conn.clone();
        let _: i64 = redis::cmd("DEL")
            .arg(self.keys.limit(key))
            .query_async(&mut conn)
            .await?;
        Ok(())
    }

    async fn first_use(&self, key: &str, ttl: Duration) -> anyhow::Result<bool> {
        let mut conn = self.conn.clone();
        let set: Option<String> = redis::cmd("SET")
            .arg(self.keys.limit(key))
            .arg(1)
            .arg("NX")
            .arg("PX")
            .arg(millis(ttl).max(1))
            .query_async(&mut conn)
            .await?;
        Ok(set.is_some())
    }
}
