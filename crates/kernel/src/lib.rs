//! Shared vocabulary of every Mentor domain: typed identifiers and the clock.
//!
//! This crate does no I/O and depends on no framework; every domain crate may use it.
#![forbid(unsafe_code)]

mod clock;
mod ids;

pub use clock::{Clock, ManualClock, SystemClock};
pub use ids::{IdParseError, SessionId, UserId};
