//! In-process [`SubmissionRepository`] (the embedded queue for tests of the domain) and a
//! [`GradingEvents`] sink that keeps what was published.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use mentor_exercises::{
    GradingEvents, Submission, SubmissionGraded, SubmissionQuery, SubmissionRepository,
    SubmissionStatus, Verdict,
};
use mentor_kernel::{ExerciseId, SubmissionId, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::lock;

#[derive(Debug, Clone)]
struct Row {
    submission: Submission,
    token: Option<Uuid>,
    lease_until: Option<OffsetDateTime>,
    published_at: Option<OffsetDateTime>,
}

/// Submissions in a map, ordered by id (ids are time-ordered).
#[derive(Debug, Default, Clone)]
pub struct MemorySubmissionRepository {
    rows: Arc<Mutex<BTreeMap<SubmissionId, Row>>>,
}

impl MemorySubmissionRepository {
    /// An empty store.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait]
impl SubmissionRepository for MemorySubmissionRepository {
    async fn create(&self, submission: &Submission) -> anyhow::Result<()> {
        let mut rows = lock(&self.rows);
        anyhow::ensure!(
            !rows.contains_key(&submission.id),
            "submission {} exists",
            submission.id
        );
        rows.insert(
            submission.id,
            Row {
                submission: submission.clone(),
                token: None,
                lease_until: None,
                published_at: None,
            },
        );
        Ok(())
    }

    async fn get(&self, id: SubmissionId) -> anyhow::Result<Option<Submission>> {
        Ok(lock(&self.rows).get(&id).map(|r| r.submission.clone()))
    }

    async fn list(&self, query: &SubmissionQuery) -> anyhow::Result<Vec<Submission>> {
        let rows = lock(&self.rows);
        Ok(rows
            .values()
            .rev()
            .map(|r| &r.submission)
            .filter(|s| s.user == query.user)
            .filter(|s| query.exercise.is_none_or(|e| s.exercise == e))
            .filter(|s| query.before.is_none_or(|b| s.id < b))
            .take(usize::try_from(query.limit).unwrap_or(usize::MAX))
            .cloned()
            .collect())
    }

    async fn claim(
        &self,
        token: Uuid,
        now: OffsetDateTime,
        lease: Duration,
    ) -> anyhow::Result<Option<Submission>> {
        let mut rows = lock(&self.rows);
        let Some(row) = rows.values_mut().find(|r| match r.submission.status {
            SubmissionStatus::Queued => true,
            SubmissionStatus::Running => r.lease_until.is_none_or(|l| l < now),
            _ => false,
        }) else {
            return Ok(None);
        };
        row.submission.status = SubmissionStatus::Running;
        row.submission.attempts += 1;
        row.token = Some(token);
        row.lease_until = Some(now + lease);
        Ok(Some(row.submission.clone()))
    }

    async fn complete(
        &self,
        id: SubmissionId,
        token: Uuid,
        verdict: &Verdict,
        at: OffsetDateTime,
    ) -> anyhow::Result<bool> {
        let mut rows = lock(&self.rows);
        let Some(row) = rows.get_mut(&id) else {
            return Ok(false);
        };
        if row.submission.status != SubmissionStatus::Running || row.token != Some(token) {
            return Ok(false);
        }
        row.submission.status = SubmissionStatus::Graded;
        row.submission.verdict = Some(verdict.clone());
        row.submission.graded_at = Some(at);
        row.token = None;
        row.lease_until = None;
        Ok(true)
    }

    async fn release(&self, id: SubmissionId, token: Uuid, give_up: bool) -> anyhow::Result<bool> {
        let mut rows = lock(&self.rows);
        let Some(row) = rows.get_mut(&id) else {
            return Ok(false);
        };
        if row.submission.status != SubmissionStatus::Running || row.token != Some(token) {
            return Ok(false);
        }
        row.submission.status = if give_up {
            SubmissionStatus::Failed
        } else {
            SubmissionStatus::Queued
        };
        row.token = None;
        row.lease_until = None;
        Ok(true)
    }

    async fn solved(&self, user: UserId) -> anyhow::Result<Vec<ExerciseId>> {
        let rows = lock(&self.rows);
        let mut solved: Vec<ExerciseId> = rows
            .values()
            .map(|row| &row.submission)
            .filter(|s| s.user == user && s.verdict.as_ref().is_some_and(Verdict::passed))
            .map(|s| s.exercise)
            .collect();
        solved.sort_unstable();
        solved.dedup();
        Ok(solved)
    }

    async fn mark_published(&self, id: SubmissionId, at: OffsetDateTime) -> anyhow::Result<()> {
        if let Some(row) = lock(&self.rows).get_mut(&id) {
            row.published_at.get_or_insert(at);
        }
        Ok(())
    }

    async fn unpublished(
        &self,
        graded_before: OffsetDateTime,
        after: Option<SubmissionId>,
        limit: u64,
    ) -> anyhow::Result<Vec<Submission>> {
        Ok(lock(&self.rows)
            .values()
            .filter(|r| after.is_none_or(|a| r.submission.id > a))
            .filter(|r| {
                r.published_at.is_none()
                    && r.submission.status == SubmissionStatus::Graded
                    && r.submission.graded_at.is_some_and(|at| at < graded_before)
            })
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .map(|r| r.submission.clone())
            .collect())
    }

    async fn history(
        &self,
        user: UserId,
        exercise: ExerciseId,
        upto: SubmissionId,
    ) -> anyhow::Result<(u32, Option<OffsetDateTime>)> {
        let rows = lock(&self.rows);
        let mine: Vec<&Submission> = rows
            .range(..=upto)
            .map(|(_, r)| &r.submission)
            .filter(|s| {
                s.user == user && s.exercise == exercise && s.status != SubmissionStatus::Failed
            })
            .collect();
        Ok((
            u32::try_from(mine.len()).unwrap_or(u32::MAX),
            mine.first().map(|s| s.created_at),
        ))
    }
}

/// Keeps every published [`SubmissionGraded`] (for tests, and until the progress domain
/// consumes them).
#[derive(Debug, Default, Clone)]
pub struct RecordingGradingEvents {
    events: Arc<Mutex<Vec<SubmissionGraded>>>,
    failures: Arc<Mutex<u32>>,
}

impl RecordingGradingEvents {
    /// No events yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Everything published so far.
    #[must_use]
    pub fn events(&self) -> Vec<SubmissionGraded> {
        lock(&self.events).clone()
    }

    /// Makes the next `times` deliveries fail (a consumer that is down).
    pub fn fail_next(&self, times: u32) {
        *lock(&self.failures) = times;
    }
}

#[async_trait]
impl GradingEvents for RecordingGradingEvents {
    async fn submission_graded(&self, event: &SubmissionGraded) -> anyhow::Result<()> {
        {
            let mut failures = lock(&self.failures);
            if *failures > 0 {
                *failures -= 1;
                anyhow::bail!("the consumer is down");
            }
        }
        lock(&self.events).push(event.clone());
        Ok(())
    }
}
