//! The ports progress needs, with the contracts every adapter must honour.

use std::collections::HashMap;

use async_trait::async_trait;
use mentor_kernel::{ExerciseId, UserId};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::model::{
    AttemptRecord, Award, DailyPick, DayActivity, ExerciseInfo, Initial, LearnerContext,
    Notification, Solve, TopicRating,
};
use crate::rating::Rated;

/// The catalog, as progress sees it (the composition root adapts the exercises domain).
#[async_trait]
pub trait ExerciseDirectory: Send + Sync {
    /// Every exercise in the catalog.
    ///
    /// # Errors
    /// Storage failure.
    async fn all(&self) -> anyhow::Result<Vec<ExerciseInfo>>;

    /// One exercise.
    ///
    /// # Errors
    /// Storage failure.
    async fn get(&self, id: ExerciseId) -> anyhow::Result<Option<ExerciseInfo>>;
}

/// Learners' profiles, as progress sees them.
#[async_trait]
pub trait LearnerDirectory: Send + Sync {
    /// The learner's zone, languages and level now (defaults when they have no profile).
    ///
    /// # Errors
    /// Storage failure.
    async fn learner(&self, user: UserId) -> anyhow::Result<LearnerContext>;
}

/// Which history entries to list: one learner's, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptQuery {
    /// Whose.
    pub user: UserId,
    /// Only this exercise.
    pub exercise: Option<ExerciseId>,
    /// Only entries older than this id (the cursor; ids sort by time).
    pub before: Option<Uuid>,
    /// Only entries at or after this instant.
    pub since: Option<OffsetDateTime>,
    /// At most this many.
    pub limit: u64,
}

/// Ratings, history and daily activity.
#[async_trait]
pub trait ProgressRepository: Send + Sync {
    /// Stores `record` and applies its rating changes, all at once or not at all. When a
    /// record with this id exists, MUST change nothing and return false. The learner's rating
    /// in each of the record's topics becomes the stored one (or `initial.learner`) plus
    /// `learner_delta`, the exercise's becomes its stored one (or `initial.exercise`) plus
    /// `exercise_delta`, each kept within the rating bounds and added atomically (concurrent
    /// records for the same learner or exercise all count); games counts rise by one when
    /// `counted`.
    ///
    /// # Errors
    /// Storage failure (then nothing changed).
    async fn record(&self, record: &AttemptRecord, initial: Initial) -> anyhow::Result<bool>;

    /// The learner's ratings, one per rated topic.
    ///
    /// # Errors
    /// Storage failure.
    async fn topic_ratings(&self, user: UserId) -> anyhow::Result<Vec<TopicRating>>;

    /// Ratings of exercises that have one (unrated exercises are absent).
    ///
    /// # Errors
    /// Storage failure.
    async fn exercise_ratings(&self) -> anyhow::Result<HashMap<ExerciseId, Rated>>;

    /// History entries matching `query`, newest first (by id).
    ///
    /// # Errors
    /// Storage failure.
    async fn attempts(&self, query: &AttemptQuery) -> anyhow::Result<Vec<AttemptRecord>>;

    /// The exercises the learner solved, one [`Solve`] each: the passed record with the
    /// smallest id (whatever order they were recorded in), in the order of those ids.
    ///
    /// # Errors
    /// Storage failure.
    async fn solves(&self, user: UserId) -> anyhow::Result<Vec<Solve>>;

    /// Whether the learner has a passed record of `exercise`, only counting records with an id
    /// below `before` when given (ids sort by time: "had they solved it before this one?").
    ///
    /// # Errors
    /// Storage failure.
    async fn has_solved(
        &self,
        user: UserId,
        exercise: ExerciseId,
        before: Option<Uuid>,
    ) -> anyhow::Result<bool>;

    /// Per-day counts of graded entries, days ascending, only days with entries; within
    /// `from..=to` when given.
    ///
    /// # Errors
    /// Storage failure.
    async fn activity(
        &self,
        user: UserId,
        range: Option<(Date, Date)>,
    ) -> anyhow::Result<Vec<DayActivity>>;
}

/// Earned achievements and the notifications about them.
#[async_trait]
pub trait AchievementRepository: Send + Sync {
    /// Stores each award the learner does not have yet, with a notification for it, and
    /// returns the ones that were new. An award MUST be stored at most once per learner and
    /// code, also under concurrent calls (each new one reported by exactly one call).
    ///
    /// # Errors
    /// Storage failure.
    async fn award(&self, user: UserId, awards: &[Award]) -> anyhow::Result<Vec<Award>>;

    /// The learner's awards, oldest first.
    ///
    /// # Errors
    /// Storage failure.
    async fn awards(&self, user: UserId) -> anyhow::Result<Vec<Award>>;

    /// The learner's notifications, newest first, at most `limit`; only unread ones when
    /// `unread_only`.
    ///
    /// # Errors
    /// Storage failure.
    async fn notifications(
        &self,
        user: UserId,
        unread_only: bool,
        limit: u64,
    ) -> anyhow::Result<Vec<Notification>>;

    /// Marks one of the learner's notifications read (once; a later call keeps the first
    /// time). Returns false when the learner has no such notification.
    ///
    /// # Errors
    /// Storage failure.
    async fn mark_read(&self, user: UserId, id: Uuid, at: OffsetDateTime) -> anyhow::Result<bool>;
}

/// The daily exercise chosen per learner and local day.
#[async_trait]
pub trait DailyRepository: Send + Sync {
    /// The pick for the learner's `day`, if chosen.
    ///
    /// # Errors
    /// Storage failure.
    async fn get(&self, user: UserId, day: Date) -> anyhow::Result<Option<DailyPick>>;

    /// Stores `pick` unless one exists for its learner and day, and returns the stored one
    /// (concurrent first requests of a day all get the same pick). Reasons are at most
    /// [`crate::select::MAX_REASON_CHARS`] characters (callers keep to it).
    ///
    /// # Errors
    /// Storage failure.
    async fn put_if_absent(&self, pick: &DailyPick) -> anyhow::Result<DailyPick>;

    /// Replaces the day's exercise with `replacement` (recording `skipped`), only if the
    /// stored pick is still `skipped` and was never skipped; returns whether it did.
    ///
    /// # Errors
    /// Storage failure.
    async fn skip(
        &self,
        user: UserId,
        day: Date,
        skipped: ExerciseId,
        replacement: ExerciseId,
        reason: &str,
    ) -> anyhow::Result<bool>;

    /// The learner's picks from `since` on, oldest first.
    ///
    /// # Errors
    /// Storage failure.
    async fn since(&self, user: UserId, since: Date) -> anyhow::Result<Vec<DailyPick>>;
}
