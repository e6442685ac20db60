//! The ports the catalog needs, with the contracts every adapter must honour.

use async_trait::async_trait;
use mentor_kernel::{ExerciseId, Language, UserId};
use time::OffsetDateTime;

use crate::model::{Difficulty, Exercise, ExerciseVersion, Slug, Topic};

/// What seeding did with one draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedOutcome {
    /// A new exercise.
    Created,
    /// A new version of an existing exercise.
    NewVersion,
    /// Nothing changed.
    Unchanged,
}

/// Which exercises to list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CatalogQuery {
    /// Only this language.
    pub language: Option<Language>,
    /// Only exercises with this topic.
    pub topic: Option<Topic>,
    /// Only this difficulty.
    pub difficulty: Option<Difficulty>,
    /// Only exercises after this one (the cursor; ids sort by creation).
    pub after: Option<ExerciseId>,
    /// Only these exercises (for example the ones a learner solved).
    pub only: Option<Vec<ExerciseId>>,
    /// None of these exercises (for example the ones a learner solved).
    pub except: Vec<ExerciseId>,
    /// At most this many.
    pub limit: u64,
}

/// A page of the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogPage {
    /// Exercises with their current versions, in id order.
    pub exercises: Vec<Exercise>,
    /// The cursor for the next page, if there may be one.
    pub next: Option<ExerciseId>,
}

/// Stores exercises and every version of them.
#[async_trait]
pub trait CatalogRepository: Send + Sync {
    /// The exercise with this language and slug, with its current version.
    ///
    /// # Errors
    /// Storage failure, or a stored row that is not a valid exercise.
    async fn find_by_slug(
        &self,
        language: Language,
        slug: &Slug,
    ) -> anyhow::Result<Option<Exercise>>;

    /// Stores a new exercise with its first version. MUST fail (changing nothing) when the
    /// language and slug exist.
    ///
    /// # Errors
    /// Storage failure or a duplicate.
    async fn create(&self, id: ExerciseId, version: &ExerciseVersion) -> anyhow::Result<()>;

    /// Adds a version and makes it current. Earlier versions MUST stay readable.
    ///
    /// # Errors
    /// Storage failure, or a version that exists already.
    async fn add_version(&self, id: ExerciseId, version: &ExerciseVersion) -> anyhow::Result<()>;

    /// The exercise with its current version.
    ///
    /// # Errors
    /// Storage failure, or a stored row that is not a valid exercise.
    async fn get(&self, id: ExerciseId) -> anyhow::Result<Option<Exercise>>;

    /// One version of an exercise, current or earlier.
    ///
    /// # Errors
    /// Storage failure, or a stored row that is not a valid exercise.
    async fn get_version(
        &self,
        id: ExerciseId,
        version: u32,
    ) -> anyhow::Result<Option<ExerciseVersion>>;

    /// Exercises matching `query` (filters apply to the current version), in id order.
    ///
    /// # Errors
    /// Storage failure, or a stored row that is not a valid exercise.
    async fn list(&self, query: &CatalogQuery) -> anyhow::Result<Vec<Exercise>>;
}

/// Records how many authored hints each learner has revealed per exercise.
#[async_trait]
pub trait HintLedger: Send + Sync {
    /// Reveals one more hint, up to `total`, and returns how many are revealed now. Atomic:
    /// of `n` concurrent calls on a fresh pair, the results are `1..=min(n, total)` (each
    /// reveal counted exactly once), and the count never exceeds `total`.
    ///
    /// # Errors
    /// Storage failure.
    async fn reveal_next(
        &self,
        user: UserId,
        exercise: ExerciseId,
        total: u32,
        at: OffsetDateTime,
    ) -> anyhow::Result<u32>;

    /// How many hints `user` has revealed for `exercise` (0 when none).
    ///
    /// # Errors
    /// Storage failure.
    async fn revealed(&self, user: UserId, exercise: ExerciseId) -> anyhow::Result<u32>;
}
