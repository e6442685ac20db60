//! In-process [`GeneratedExerciseRepository`].

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use mentor_exercises::{
    GeneratedExercise, GeneratedExerciseRepository, GeneratedQuery, ReviewStatus,
};
use mentor_kernel::GenerationId;

use crate::lock;

/// Generated exercises in a map.
#[derive(Debug, Default, Clone)]
pub struct MemoryGeneratedExercises {
    stored: Arc<Mutex<BTreeMap<GenerationId, GeneratedExercise>>>,
}

impl MemoryGeneratedExercises {
    /// None yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait]
impl GeneratedExerciseRepository for MemoryGeneratedExercises {
    async fn create(&self, generated: &GeneratedExercise) -> anyhow::Result<()> {
        let mut stored = lock(&self.stored);
        anyhow::ensure!(
            !stored.contains_key(&generated.id),
            "generated exercise {} exists",
            generated.id
        );
        stored.insert(generated.id, generated.clone());
        Ok(())
    }

    async fn get(&self, id: GenerationId) -> anyhow::Result<Option<GeneratedExercise>> {
        Ok(lock(&self.stored).get(&id).cloned())
    }

    async fn list(&self, query: &GeneratedQuery) -> anyhow::Result<Vec<GeneratedExercise>> {
        let stored = lock(&self.stored);
        let from = query
            .after
            .map_or(std::ops::Bound::Unbounded, std::ops::Bound::Excluded);
        Ok(stored
            .range((from, std::ops::Bound::Unbounded))
            .map(|(_, g)| g)
            .filter(|g| query.status.is_none_or(|s| g.status == s))
            .take(usize::try_from(query.limit).unwrap_or(usize::MAX))
            .cloned()
            .collect())
    }

    async fn set_review(
        &self,
        generated: &GeneratedExercise,
        from: ReviewStatus,
    ) -> anyhow::Result<bool> {
        let mut stored = lock(&self.stored);
        let Some(current) = stored.get_mut(&generated.id) else {
            return Ok(false);
        };
        if current.status != from {
            return Ok(false);
        }
        current.status = generated.status;
        current.reviewer = generated.reviewer;
        current.reason.clone_from(&generated.reason);
        current.exercise = generated.exercise;
        current.reviewed_at = generated.reviewed_at;
        Ok(true)
    }
}
