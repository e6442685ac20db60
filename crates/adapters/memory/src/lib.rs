//! In-process implementations of every port: for tests, for developers embedding the
//! domains, and for stores that need no persistence. State lives in a mutex-guarded map;
//! each operation holds the lock once, which makes compare-and-swap operations atomic.
#![forbid(unsafe_code)]

mod auth;
mod cache;
mod chat;
mod exercises;
mod generated;
mod identities;
mod profiles;
mod progress;
mod rate_limit;
mod submissions;
mod usage;

pub use auth::{
    MemoryAuditLog, MemoryMailer, MemoryOneTimeTokenStore, MemorySessionStore,
    MemoryUserRepository, SentMail,
};
pub use cache::MemoryAnswerCache;
pub use chat::MemoryConversationRepository;
pub use exercises::{MemoryCatalogRepository, MemoryHintLedger};
pub use generated::MemoryGeneratedExercises;
pub use identities::MemoryIdentityRepository;
pub use profiles::MemoryProfileRepository;
pub use progress::{
    MemoryAchievementRepository, MemoryDailyRepository, MemoryExerciseDirectory,
    MemoryLearnerDirectory, MemoryProgressRepository,
};
pub use rate_limit::MemoryRateLimiter;
pub use submissions::{MemorySubmissionRepository, RecordingGradingEvents};
pub use usage::MemoryUsageLedger;

use std::sync::{Mutex, MutexGuard, PoisonError};

/// Locks a mutex, recovering the data if a panicking thread poisoned it (every operation
/// leaves the maps consistent before it can panic).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
