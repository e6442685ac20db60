//! Shared vocabulary of every Mentor domain: typed identifiers, the clock and
//! the rate-limiter port.
//!
//! This crate does no I/O and depends on no framework; every domain crate may use it.
#![forbid(unsafe_code)]

mod catalog;
mod clock;
mod help;
mod ids;
mod language;
mod rate_limit;
mod text;

pub use catalog::{Difficulty, Topic};
pub use clock::{Clock, ManualClock, SystemClock};
pub use help::HelpLevel;
pub use ids::{
    ConversationId, ExerciseId, GenerationId, IdParseError, MessageId, SessionId, SubmissionId,
    UserId,
};
pub use language::Language;
pub use rate_limit::{Backoff, RateDecision, RateLimiter, RatePolicy};
pub use text::{LearnerText, TextError, is_hidden_char};
