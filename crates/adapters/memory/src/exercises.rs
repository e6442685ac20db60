//! In-process [`CatalogRepository`] and [`HintLedger`].

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use mentor_exercises::{
    CatalogQuery, CatalogRepository, Exercise, ExerciseVersion, HintLedger, Slug,
};
use mentor_kernel::{ExerciseId, Language, UserId};
use time::OffsetDateTime;

use crate::lock;

#[derive(Debug, Default)]
struct Stored {
    /// Every version, by exercise, in version order.
    versions: BTreeMap<ExerciseId, BTreeMap<u32, ExerciseVersion>>,
}

impl Stored {
    fn exercise(&self, id: ExerciseId) -> Option<Exercise> {
        let current = self.versions.get(&id)?.values().next_back()?.clone();
        Some(Exercise { id, current })
    }
}

/// The catalog in a map.
#[derive(Debug, Default, Clone)]
pub struct MemoryCatalogRepository {
    stored: Arc<Mutex<Stored>>,
}

impl MemoryCatalogRepository {
    /// An empty catalog.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait]
impl CatalogRepository for MemoryCatalogRepository {
    async fn find_by_slug(
        &self,
        language: Language,
        slug: &Slug,
    ) -> anyhow::Result<Option<Exercise>> {
        let stored = lock(&self.stored);
        Ok(stored
            .versions
            .keys()
            .filter_map(|id| stored.exercise(*id))
            .find(|e| e.current.draft.language == language && &e.current.draft.slug == slug))
    }

    async fn create(&self, id: ExerciseId, version: &ExerciseVersion) -> anyhow::Result<()> {
        let mut stored = lock(&self.stored);
        let taken = stored
            .versions
            .keys()
            .filter_map(|i| stored.exercise(*i))
            .any(|e| {
                e.current.draft.language == version.draft.language
                    && e.current.draft.slug == version.draft.slug
            });
        anyhow::ensure!(!taken, "exercise {} exists", version.draft.slug);
        stored.versions.insert(
            id,
            BTreeMap::from([(version.draft.version, version.clone())]),
        );
        Ok(())
    }

    async fn add_version(&self, id: ExerciseId, version: &ExerciseVersion) -> anyhow::Result<()> {
        let mut stored = lock(&self.stored);
        let versions = stored
            .versions
            .get_mut(&id)
            .ok_or_else(|| anyhow::anyhow!("exercise {id} not found"))?;
        anyhow::ensure!(
            !versions.contains_key(&version.draft.version),
            "version {} exists",
            version.draft.version
        );
        versions.insert(version.draft.version, version.clone());
        Ok(())
    }

    async fn get(&self, id: ExerciseId) -> anyhow::Result<Option<Exercise>> {
        Ok(lock(&self.stored).exercise(id))
    }

    async fn get_version(
        &self,
        id: ExerciseId,
        version: u32,
    ) -> anyhow::Result<Option<ExerciseVersion>> {
        Ok(lock(&self.stored)
            .versions
            .get(&id)
            .and_then(|v| v.get(&version))
            .cloned())
    }

    async fn list(&self, q: &CatalogQuery) -> anyhow::Result<Vec<Exercise>> {
        let stored = lock(&self.stored);
        Ok(stored
            .versions
            .keys()
            .filter(|id| q.after.is_none_or(|after| **id > after))
            .filter(|id| q.only.as_ref().is_none_or(|only| only.contains(id)))
            .filter(|id| !q.except.contains(id))
            .filter_map(|id| stored.exercise(*id))
            .filter(|e| {
                let d = &e.current.draft;
                q.language.is_none_or(|l| d.language == l)
                    && q.topic.is_none_or(|t| d.topics.contains(&t))
                    && q.difficulty.is_none_or(|x| d.difficulty == x)
            })
            .take(usize::try_from(q.limit).unwrap_or(usize::MAX))
            .collect())
    }
}

/// Hint reveals in a map.
#[derive(Debug, Default, Clone)]
pub struct MemoryHintLedger {
    revealed: Arc<Mutex<HashMap<(UserId, ExerciseId), u32>>>,
}

impl MemoryHintLedger {
    /// An empty ledger.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait]
impl HintLedger for MemoryHintLedger {
    async fn reveal_next(
        &self,
        user: UserId,
        exercise: ExerciseId,
        total: u32,
        _at: OffsetDateTime,
    ) -> anyhow::Result<u32> {
        let mut revealed = lock(&self.revealed);
        let count = revealed.entry((user, exercise)).or_insert(0);
        if *count < total {
            *count += 1;
        }
        Ok(*count)
    }

    async fn revealed(&self, user: UserId, exercise: ExerciseId) -> anyhow::Result<u32> {
        Ok(lock(&self.revealed)
            .get(&(user, exercise))
            .copied()
            .unwrap_or(0))
    }
}
