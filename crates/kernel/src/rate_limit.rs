//! The rate-limiter port shared by every domain that throttles (sign-in, mail, and later the
//! paid language-model calls): named policies, GCRA decisions and exponential back-off.
//!
//! Two primitives:
//! - [`RateLimiter::check`] — the generic cell-rate algorithm (GCRA): `requests` per `per`
//!   on average, up to `burst` at once. One key, one atomic decision.
//! - [`RateLimiter::penalize`] / [`RateLimiter::blocked_for`] / [`RateLimiter::clear`] —
//!   exponential back-off after failures (sign-in), which always ends: a block never exceeds
//!   [`Backoff::max`], so nobody can lock an account for good.

use std::time::Duration;

use async_trait::async_trait;

/// A GCRA policy: `requests` per `per` on average, at most `burst` at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RatePolicy {
    /// Requests allowed per window, on average.
    pub requests: u32,
    /// The window.
    pub per: Duration,
    /// Requests allowed back to back after a quiet period.
    pub burst: u32,
}

impl RatePolicy {
    /// A policy; `None` when a number is zero.
    #[must_use]
    pub fn new(requests: u32, per: Duration, burst: u32) -> Option<Self> {
        (requests > 0 && burst > 0 && !per.is_zero()).then_some(Self {
            requests,
            per,
            burst,
        })
    }

    /// Time between requests at the average rate (the GCRA emission interval), at least 1 µs.
    #[must_use]
    pub fn interval(&self) -> Duration {
        (self.per / self.requests).max(Duration::from_micros(1))
    }

    /// How far ahead of now the theoretical arrival time may run (`interval × burst`).
    #[must_use]
    pub fn capacity(&self) -> Duration {
        self.interval() * self.burst
    }

    /// The GCRA step, shared by the in-process adapter and documented for the Redis script:
    /// given the stored theoretical arrival time (`tat`, µs) and `now` (µs), the decision and
    /// the new `tat` to store when allowed.
    #[must_use]
    pub fn step(&self, tat: Option<u128>, now: u128) -> (RateDecision, Option<u128>) {
        let interval = self.interval().as_micros();
        let capacity = self.capacity().as_micros();
        let base = tat.unwrap_or(now).max(now);
        let new_tat = base + interval;
        let ahead = new_tat - now;
        if ahead > capacity {
            let wait = ahead - capacity;
            (
                RateDecision::Limited {
                    retry_after: micros(wait),
                },
                None,
            )
        } else {
            let remaining = u32::try_from((capacity - ahead) / interval).unwrap_or(u32::MAX);
            (RateDecision::Allowed { remaining }, Some(new_tat))
        }
    }
}

/// Exponential back-off after failures: the first `free_failures` cost nothing, then each
/// failure blocks for `base × 2ⁿ` up to `max`; the count is forgotten `reset_after` the last
/// failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// Failures allowed before any block.
    pub free_failures: u32,
    /// The first block.
    pub base: Duration,
    /// The longest block.
    pub max: Duration,
    /// Quiet time after which failures are forgotten.
    pub reset_after: Duration,
}

impl Backoff {
    /// How long the `failures`-th failure blocks.
    #[must_use]
    pub fn block_after(&self, failures: u32) -> Duration {
        if failures <= self.free_failures {
            return Duration::ZERO;
        }
        let exponent = (failures - self.free_failures - 1).min(30);
        self.base
            .checked_mul(1 << exponent)
            .map_or(self.max, |d| d.min(self.max))
    }
}

/// The outcome of [`RateLimiter::check`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateDecision {
    /// Go ahead; `remaining` more would be allowed right now.
    Allowed {
        /// Requests still allowed back to back.
        remaining: u32,
    },
    /// Refused; try again after `retry_after`.
    Limited {
        /// When the next request would be allowed.
        retry_after: Duration,
    },
}

impl RateDecision {
    /// `Err(retry_after)` when limited.
    ///
    /// # Errors
    /// The time to wait when the decision is [`RateDecision::Limited`].
    pub fn into_result(self) -> Result<(), Duration> {
        match self {
            Self::Allowed { .. } => Ok(()),
            Self::Limited { retry_after } => Err(retry_after),
        }
    }
}

/// Throttling state shared by every instance of the server.
///
/// Keys are opaque strings chosen by the caller (they should carry the policy name, e.g.
/// `login-ip:203.0.113.7`); adapters add their own prefix. Time is the adapter's: the Redis
/// adapter uses the Redis server clock so every instance agrees.
#[async_trait]
pub trait RateLimiter: Send + Sync {
    /// Counts one request against `key` under `policy` and decides. A refused request MUST
    /// NOT consume capacity. Concurrent calls on one key MUST be decided atomically: of `n`
    /// simultaneous calls on a fresh key, exactly `min(n, burst)` are allowed.
    ///
    /// # Errors
    /// Storage failure (callers decide whether to fail open or closed).
    async fn check(&self, key: &str, policy: &RatePolicy) -> anyhow::Result<RateDecision>;

    /// Records one failure for `key` and returns the block it now carries
    /// ([`Backoff::block_after`] of the failure count; zero while failures are free). The
    /// count MUST be forgotten `reset_after` the last failure, and a block MUST NOT outlast
    /// `max` after the failure that caused it.
    ///
    /// # Errors
    /// Storage failure.
    async fn penalize(&self, key: &str, backoff: &Backoff) -> anyhow::Result<Duration>;

    /// The rest of the block on `key`, or `None` when it is not blocked.
    ///
    /// # Errors
    /// Storage failure.
    async fn blocked_for(&self, key: &str) -> anyhow::Result<Option<Duration>>;

    /// Forgets failures and blocks of `key` (after a success).
    ///
    /// # Errors
    /// Storage failure.
    async fn clear(&self, key: &str) -> anyhow::Result<()>;

    /// Marks `key` as used for `ttl` and says whether this was the first use (a replay guard
    /// for one-time values such as OAuth `state`). Of concurrent calls, exactly one MUST
    /// return `true`.
    ///
    /// # Errors
    /// Storage failure.
    async fn first_use(&self, key: &str, ttl: Duration) -> anyhow::Result<bool>;
}

fn micros(value: u128) -> Duration {
    Duration::from_micros(u64::try_from(value).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(requests: u32, per_ms: u64, burst: u32) -> RatePolicy {
        RatePolicy::new(requests, Duration::from_millis(per_ms), burst).unwrap()
    }

    #[test]
    fn a_fresh_key_allows_exactly_the_burst() {
        let p = policy(10, 1000, 3);
        let (mut tat, now) = (None, 1_000_000u128);
        let mut allowed = 0;
        for _ in 0..10 {
            let (decision, next) = p.step(tat, now);
            if let Some(next) = next {
                tat = Some(next);
                allowed += 1;
            } else {
                assert!(matches!(decision, RateDecision::Limited { .. }));
            }
        }
        assert_eq!(allowed, 3);
    }

    #[test]
    fn a_refused_request_waits_one_interval() {
        let p = policy(10, 1000, 1);
        let (_, tat) = p.step(None, 0);
        let (decision, next) = p.step(tat, 0);
        assert_eq!(next, None);
        assert_eq!(
            decision,
            RateDecision::Limited {
                retry_after: Duration::from_millis(100)
            }
        );
        let (decision, _) = p.step(tat, 100_000);
        assert!(matches!(decision, RateDecision::Allowed { .. }));
    }

    #[test]
    fn backoff_doubles_up_to_its_maximum() {
        let b = Backoff {
            free_failures: 2,
            base: Duration::from_secs(1),
            max: Duration::from_secs(5),
            reset_after: Duration::from_secs(60),
        };
        let blocks: Vec<u64> = (1..=7).map(|n| b.block_after(n).as_secs()).collect();
        assert_eq!(blocks, vec![0, 0, 1, 2, 4, 5, 5]);
        assert_eq!(b.block_after(u32::MAX), Duration::from_secs(5));
    }

    #[test]
    fn zero_numbers_make_no_policy() {
        assert!(RatePolicy::new(0, Duration::from_secs(1), 1).is_none());
        assert!(RatePolicy::new(1, Duration::ZERO, 1).is_none());
        assert!(RatePolicy::new(1, Duration::from_secs(1), 0).is_none());
    }
}
