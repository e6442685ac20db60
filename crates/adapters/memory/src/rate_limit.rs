//! In-process [`RateLimiter`] for the embedded default (one instance): GCRA cells, back-off
//! counters and replay marks in one mutex-guarded map, swept of expired entries as it grows.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use mentor_kernel::{Backoff, Clock, RateDecision, RateLimiter, RatePolicy};

use crate::lock;

/// Entries kept before a sweep drops the expired ones.
const SWEEP_ABOVE: usize = 10_000;

#[derive(Debug, Clone, Copy)]
enum Entry {
    /// GCRA theoretical arrival time, µs since the epoch.
    Cell { tat: u128 },
    /// Back-off state.
    Failures {
        count: u32,
        blocked_until: u128,
        forget_at: u128,
    },
    /// A replay mark.
    Used { until: u128 },
}

impl Entry {
    fn expired(&self, now: u128) -> bool {
        match *self {
            Self::Cell { tat } => tat <= now,
            Self::Failures {
                blocked_until,
                forget_at,
                ..
            } => forget_at <= now && blocked_until <= now,
            Self::Used { until } => until <= now,
        }
    }
}

/// In-process rate limiter.
#[derive(Debug, Clone)]
pub struct MemoryRateLimiter {
    entries: Arc<Mutex<HashMap<String, Entry>>>,
    clock: Arc<dyn Clock>,
}

impl MemoryRateLimiter {
    /// An empty limiter reading time from `clock`.
    #[must_use]
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        Self {
            entries: Arc::default(),
            clock,
        }
    }

    fn now(&self) -> u128 {
        let nanos = self.clock.now().unix_timestamp_nanos();
        u128::try_from(nanos / 1000).unwrap_or(0)
    }

    fn with_entries<T>(&self, f: impl FnOnce(&mut HashMap<String, Entry>, u128) -> T) -> T {
        let now = self.now();
        let mut entries = lock(&self.entries);
        if entries.len() > SWEEP_ABOVE {
            entries.retain(|_, entry| !entry.expired(now));
        }
        f(&mut entries, now)
    }
}

fn micros(d: Duration) -> u128 {
    d.as_micros()
}

fn duration(us: u128) -> Duration {
    Duration::from_micros(u64::try_from(us).unwrap_or(u64::MAX))
}

#[async_trait]
impl RateLimiter for MemoryRateLimiter {
    async fn check(&self, key: &str, policy: &RatePolicy) -> anyhow::Result<RateDecision> {
        Ok(self.with_entries(|entries, now| {
            let tat = match entries.get(key) {
                Some(Entry::Cell { tat }) => Some(*tat),
                _ => None,
            };
            let (decision, next) = policy.step(tat, now);
            if let Some(tat) = next {
                entries.insert(key.to_owned(), Entry::Cell { tat });
            }
            decision
        }))
    }

    async fn penalize(&self, key: &str, backoff: &Backoff) -> anyhow::Result<Duration> {
        Ok(self.with_entries(|entries, now| {
            let previous = match entries.get(key) {
                Some(Entry::Failures {
                    count, forget_at, ..
                }) if *forget_at > now => *count,
                _ => 0,
            };
            let count = previous.saturating_add(1);
            let block = backoff.block_after(count);
            entries.insert(
                key.to_owned(),
                Entry::Failures {
                    count,
                    blocked_until: now + micros(block),
                    forget_at: now + micros(backoff.reset_after) + micros(block),
                },
            );
            block
        }))
    }

    async fn blocked_for(&self, key: &str) -> anyhow::Result<Option<Duration>> {
        Ok(self.with_entries(|entries, now| match entries.get(key) {
            Some(Entry::Failures { blocked_until, .. }) if *blocked_until > now => {
                Some(duration(blocked_until - now))
            }
            _ => None,
        }))
    }

    async fn clear(&self, key: &str) -> anyhow::Result<()> {
        self.with_entries(|entries, _| entries.remove(key));
        Ok(())
    }

    async fn first_use(&self, key: &str, ttl: Duration) -> anyhow::Result<bool> {
        Ok(self.with_entries(|entries, now| match entries.get(key) {
            Some(entry) if !entry.expired(now) => false,
            _ => {
                entries.insert(
                    key.to_owned(),
                    Entry::Used {
                        until: now + micros(ttl),
                    },
                );
                true
            }
        }))
    }
}
