//! The progress domain's view of the other domains, wired here (the composition root is the
//! only place that knows both sides): the catalog as an [`ExerciseDirectory`], profiles as a
//! [`LearnerDirectory`], and "submission graded" delivered to [`ProgressService::record`].

use std::sync::Arc;

use async_trait::async_trait;
use mentor_auth::{Level, ProfileRepository};
use mentor_exercises::{
    CatalogQuery, CatalogRepository, Exercise, GradingEvents, SubmissionGraded,
};
use mentor_kernel::{ExerciseId, UserId};
use mentor_progress::{
    ExerciseDirectory, ExerciseInfo, GradedAttempt, LearnerContext, LearnerDirectory,
    ProgressService, StartLevel, Zone,
};

/// The catalog's current versions, as progress sees them.
pub struct CatalogDirectory {
    catalog: Arc<dyn CatalogRepository>,
}

impl CatalogDirectory {
    /// Reads `catalog`.
    #[must_use]
    pub fn new(catalog: Arc<dyn CatalogRepository>) -> Self {
        Self { catalog }
    }
}

impl std::fmt::Debug for CatalogDirectory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CatalogDirectory")
    }
}

impl std::fmt::Debug for ProfileDirectory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProfileDirectory")
    }
}

fn info(e: &Exercise) -> ExerciseInfo {
    let d = &e.current.draft;
    ExerciseInfo {
        id: e.id,
        slug: d.slug.as_str().to_owned(),
        title: d.title.clone(),
        language: d.language,
        difficulty: d.difficulty,
        topics: d.topics.clone(),
    }
}

#[async_trait]
impl ExerciseDirectory for CatalogDirectory {
    async fn all(&self) -> anyhow::Result<Vec<ExerciseInfo>> {
        const PAGE: u64 = 500;
        let mut out = Vec::new();
        let mut after = None;
        loop {
            let page = self
                .catalog
                .list(&CatalogQuery {
                    after,
                    limit: PAGE,
                    ..CatalogQuery::default()
                })
                .await?;
            after = page.last().map(|e| e.id);
            let done = u64::try_from(page.len()).unwrap_or(u64::MAX) < PAGE;
            out.extend(page.iter().map(info));
            if done {
                return Ok(out);
            }
        }
    }

    async fn get(&self, id: ExerciseId) -> anyhow::Result<Option<ExerciseInfo>> {
        Ok(self.catalog.get(id).await?.as_ref().map(info))
    }
}

/// Profiles, as progress sees them.
pub struct ProfileDirectory {
    profiles: Arc<dyn ProfileRepository>,
}

impl ProfileDirectory {
    /// Reads `profiles`.
    #[must_use]
    pub fn new(profiles: Arc<dyn ProfileRepository>) -> Self {
        Self { profiles }
    }
}

#[async_trait]
impl LearnerDirectory for ProfileDirectory {
    async fn learner(&self, user: UserId) -> anyhow::Result<LearnerContext> {
        let Some(profile) = self.profiles.get(user).await? else {
            return Ok(LearnerContext {
                zone: Zone::utc(),
                languages: Vec::new(),
                level: None,
            });
        };
        Ok(LearnerContext {
            // Profile zones were checked against the same database when saved.
            zone: Zone::named(profile.time_zone.as_str()).unwrap_or_else(|_| Zone::utc()),
            languages: profile.languages,
            level: profile.level.map(|l| match l {
                Level::Beginner => StartLevel::Beginner,
                Level::Intermediate => StartLevel::Intermediate,
                Level::Advanced => StartLevel::Advanced,
            }),
        })
    }
}

/// Delivers "submission graded" to progress (and counts it). A failure is returned, so the
/// grading service leaves the event in its outbox and publishes it again later.
#[derive(Debug)]
pub struct ProgressEvents {
    progress: Arc<ProgressService>,
}

impl ProgressEvents {
    /// Delivers to `progress`.
    #[must_use]
    pub fn new(progress: Arc<ProgressService>) -> Self {
        Self { progress }
    }
}

#[async_trait]
impl GradingEvents for ProgressEvents {
    async fn submission_graded(&self, event: &SubmissionGraded) -> anyhow::Result<()> {
        let recorded = self
            .progress
            .record(&GradedAttempt {
                submission: event.submission,
                user: event.user,
                exercise: event.exercise,
                passed: event.verdict.passed(),
                attempts: event.attempts,
                hints_used: event.hints_used,
                time_spent: event.time_spent,
                submitted_at: event.submitted_at,
                graded_at: event.graded_at,
            })
            .await?;
        if recorded.new {
            metrics::counter!("mentor_submissions_graded_total", "verdict" => event.verdict.kind())
                .increment(1);
        }
        for award in &recorded.awarded {
            metrics::counter!("mentor_achievements_awarded_total", "code" => award.code.clone())
                .increment(1);
        }
        tracing::info!(
            submission = %event.submission,
            user = %event.user,
            exercise = %event.exercise,
            version = event.version,
            verdict = event.verdict.kind(),
            submissions_of_exercise = event.attempts,
            hints_used = event.hints_used,
            replayed = !recorded.new,
            rating_change = recorded.learner_delta,
            achievements = recorded.awarded.len(),
            "submission graded"
        );
        Ok(())
    }
}
