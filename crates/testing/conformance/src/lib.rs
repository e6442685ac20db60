//! Contract suites for the ports, run against every adapter: one function per rule of a
//! port's documented contract, and the environments (memory, SQLite, Postgres, Redis) to run
//! them in. `tests/contracts.rs` instantiates every suite for every back-end; the server's
//! HTTP tests reuse [`support`] to get isolated databases.
#![forbid(unsafe_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // test support: a failed set-up is a failed test

pub mod audit;
pub mod cache;
pub mod catalog;
pub mod chat;
pub mod generated;
pub mod hasher;
pub mod identities;
pub mod mailer;
pub mod one_time_tokens;
pub mod profiles;
pub mod progress;
pub mod rate_limit;
pub mod sessions;
pub mod smtp;
pub mod submissions;
pub mod support;
pub mod usage;
pub mod users;

use time::OffsetDateTime;

/// A fixed instant with whole seconds (every store keeps at least microseconds).
#[must_use]
pub fn t0() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap()
}
