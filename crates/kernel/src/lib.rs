//! Shared vocabulary of every Mentor domain: typed identifiers, the clock and
//! the rate-limiter port.
//!
//! This crate does no I/O and depends on no framework; every domain crate may use it.
#![forbid(unsafe_code)]

mod clock;
mod ids;
mod rate_limit;

pub use clock::{Clock, ManualClock, SystemClock};
pub use ids::{IdParseError, SessionId, UserId};
pub use rate_limit::{Backoff, RateDecision, RateLimiter, RatePolicy};
