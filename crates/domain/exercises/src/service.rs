//! The catalog use cases: seed, browse, read, reveal hints.

use std::collections::HashSet;
use std::sync::Arc;

use mentor_kernel::{Clock, ExerciseId, Language, UserId};

use crate::model::{Exercise, ExerciseDraft, ExerciseVersion, Hint, Slug};
use crate::ports::{CatalogPage, CatalogQuery, CatalogRepository, HintLedger, SeedOutcome};

/// Why the catalog could not be seeded. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    /// The same language and slug appear twice.
    #[error("{0}/{1} appears twice in the catalog")]
    Duplicate(Language, Slug),
    /// The content changed but the version was not raised (learners' old submissions must
    /// keep pointing at the content they were graded against).
    #[error(
        "{language}/{slug}: the content changed but version {version} was not raised above the stored {stored}"
    )]
    ChangedWithoutNewVersion {
        /// Language.
        language: Language,
        /// Slug.
        slug: Slug,
        /// The draft's version.
        version: u32,
        /// The stored current version.
        stored: u32,
    },
    /// A port failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// What a seeding run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SeedReport {
    /// New exercises.
    pub created: usize,
    /// New versions of existing exercises.
    pub updated: usize,
    /// Exercises already up to date.
    pub unchanged: usize,
}

/// Why a hint could not be revealed.
#[derive(Debug, thiserror::Error)]
pub enum HintError {
    /// No such exercise.
    #[error("exercise not found")]
    NotFound,
    /// Every authored hint is revealed already.
    #[error("no more hints")]
    NoMoreHints {
        /// How many there are.
        total: u32,
    },
    /// A port failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// A hint just revealed: "hint `index` of `total`".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevealedHint {
    /// 1-based position in the ladder.
    pub index: u32,
    /// Rungs in the ladder.
    pub total: u32,
    /// The hint.
    pub hint: Hint,
}

/// The catalog use cases.
pub struct ExerciseService {
    catalog: Arc<dyn CatalogRepository>,
    hints: Arc<dyn HintLedger>,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for ExerciseService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ExerciseService { .. }")
    }
}

fn hint_count(version: &ExerciseVersion) -> u32 {
    u32::try_from(version.draft.hints.len()).unwrap_or(u32::MAX)
}

impl ExerciseService {
    /// The service over its ports.
    #[must_use]
    pub fn new(
        catalog: Arc<dyn CatalogRepository>,
        hints: Arc<dyn HintLedger>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            catalog,
            hints,
            clock,
        }
    }

    /// Loads the authored catalog idempotently: new exercises are created, changed ones get
    /// their new version (old versions stay for the submissions graded against them), equal
    /// ones are left alone. Every draft is checked before anything is written.
    ///
    /// # Errors
    /// [`SeedError::Duplicate`], [`SeedError::ChangedWithoutNewVersion`],
    /// [`SeedError::Unexpected`].
    #[tracing::instrument(skip_all, fields(drafts = drafts.len()))]
    pub async fn seed(&self, drafts: Vec<ExerciseDraft>) -> Result<SeedReport, SeedError> {
        let mut seen = HashSet::new();
        let mut plan = Vec::with_capacity(drafts.len());
        for draft in drafts {
            if !seen.insert((draft.language, draft.slug.clone())) {
                return Err(SeedError::Duplicate(draft.language, draft.slug));
            }
            let fingerprint = draft.fingerprint();
            let stored = self
                .catalog
                .find_by_slug(draft.language, &draft.slug)
                .await?;
            let outcome = match &stored {
                None => SeedOutcome::Created,
                Some(e) if e.current.fingerprint == fingerprint => SeedOutcome::Unchanged,
                Some(e) if draft.version > e.current.draft.version => SeedOutcome::NewVersion,
                Some(e) => {
                    return Err(SeedError::ChangedWithoutNewVersion {
                        language: draft.language,
                        slug: draft.slug,
                        version: draft.version,
                        stored: e.current.draft.version,
                    });
                }
            };
            plan.push((stored.map(|e| e.id), draft, fingerprint, outcome));
        }
        let now = self.clock.now();
        let mut report = SeedReport::default();
        for (id, draft, fingerprint, outcome) in plan {
            let version = ExerciseVersion {
                draft,
                fingerprint,
                created_at: now,
            };
            match (outcome, id) {
                (SeedOutcome::Created, _) => {
                    self.catalog
                        .create(ExerciseId::generate(), &version)
                        .await?;
                    report.created += 1;
                }
                (SeedOutcome::NewVersion, Some(id)) => {
                    self.catalog.add_version(id, &version).await?;
                    report.updated += 1;
                }
                _ => report.unchanged += 1,
            }
        }
        tracing::info!(
            created = report.created,
            updated = report.updated,
            unchanged = report.unchanged,
            "catalog seeded"
        );
        Ok(report)
    }

    /// A page of the catalog.
    ///
    /// # Errors
    /// Only when a port fails.
    pub async fn list(&self, mut query: CatalogQuery) -> anyhow::Result<CatalogPage> {
        query.limit = query.limit.clamp(1, 100);
        let exercises = self.catalog.list(&query).await?;
        let full = u64::try_from(exercises.len()).unwrap_or(u64::MAX) == query.limit;
        let next = full.then(|| exercises.last().map(|e| e.id)).flatten();
        Ok(CatalogPage { exercises, next })
    }

    /// One exercise (current version).
    ///
    /// # Errors
    /// Only when a port fails.
    pub async fn get(&self, id: ExerciseId) -> anyhow::Result<Option<Exercise>> {
        self.catalog.get(id).await
    }

    /// The hints `user` has revealed for the exercise so far, and how many there are.
    ///
    /// # Errors
    /// Only when a port fails.
    pub async fn revealed_hints(
        &self,
        user: UserId,
        exercise: &Exercise,
    ) -> anyhow::Result<(Vec<Hint>, u32)> {
        let total = hint_count(&exercise.current);
        let revealed = self.hints.revealed(user, exercise.id).await?.min(total);
        let shown = exercise
            .current
            .draft
            .hints
            .iter()
            .take(usize::try_from(revealed).unwrap_or(usize::MAX))
            .cloned()
            .collect();
        Ok((shown, total))
    }

    /// The most hints one learner can take for one exercise, authored and AI ones together.
    pub const MAX_HINTS: u32 = 1000;

    /// How many hints `user` has taken for the exercise: authored ones and AI hints beyond
    /// them.
    ///
    /// # Errors
    /// Storage failure.
    pub async fn hints_taken(&self, user: UserId, id: ExerciseId) -> anyhow::Result<u32> {
        self.hints.revealed(user, id).await
    }

    /// Records one more hint beyond the authored ladder (an AI hint, given by the tutor) and
    /// returns how many hints `user` has taken now; it counts like an authored hint.
    ///
    /// # Errors
    /// Storage failure.
    pub async fn record_extra_hint(&self, user: UserId, id: ExerciseId) -> anyhow::Result<u32> {
        self.hints
            .reveal_next(user, id, Self::MAX_HINTS, self.clock.now())
            .await
    }

    /// Reveals the next authored hint to `user` and records it.
    ///
    /// # Errors
    /// [`HintError::NotFound`], [`HintError::NoMoreHints`], [`HintError::Unexpected`].
    pub async fn reveal_hint(
        &self,
        user: UserId,
        id: ExerciseId,
    ) -> Result<RevealedHint, HintError> {
        let exercise = self.catalog.get(id).await?.ok_or(HintError::NotFound)?;
        let total = hint_count(&exercise.current);
        if self.hints.revealed(user, id).await? >= total {
            return Err(HintError::NoMoreHints { total });
        }
        let index = self
            .hints
            .reveal_next(user, id, total, self.clock.now())
            .await?;
        let hint = exercise
            .current
            .draft
            .hints
            .get(
                usize::try_from(index)
                    .unwrap_or(usize::MAX)
                    .saturating_sub(1),
            )
            .cloned()
            .ok_or(HintError::NoMoreHints { total })?;
        Ok(RevealedHint { index, total, hint })
    }
}
