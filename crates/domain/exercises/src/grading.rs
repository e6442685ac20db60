//! Submissions and grading: a learner's code is stored first (nothing accepted is lost), then
//! graded by a worker that claims it from the queue with a lease, runs it in the sandbox
//! through the [`CodeRunner`] port and records the verdict. The queue is the submissions
//! store itself (ADR 0010): a claim whose worker dies expires and the submission is claimed
//! again; recording a verdict is conditional on still holding the lease, so grading twice
//! records one verdict and publishes one [`SubmissionGraded`] event.

use std::{sync::Arc, time::Duration};

use async_trait::async_trait;
use mentor_kernel::{Clock, ExerciseId, Language, SubmissionId, UserId};
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{
    model::ExerciseVersion,
    ports::{CatalogRepository, HintLedger},
    runner::{CodeRunner, OutputCaps, RunRequest, RunnerError, Verdict},
};

/// Where a submission is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SubmissionStatus {
    /// Accepted, waiting for a worker.
    Queued,
    /// A worker holds it (until its lease expires).
    Running,
    /// The verdict is in.
    Graded,
    /// Grading failed for reasons that are not the learner's (the sandbox broke, every
    /// attempt); the submission can be sent again.
    Failed,
}

impl SubmissionStatus {
    /// The stored name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Graded => "graded",
            Self::Failed => "failed",
        }
    }

    /// Parses a stored name.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "queued" => Self::Queued,
            "running" => Self::Running,
            "graded" => Self::Graded,
            "failed" => Self::Failed,
            _ => return None,
        })
    }

    /// Whether nothing more will happen to it.
    #[must_use]
    pub const fn is_final(self) -> bool {
        matches!(self, Self::Graded | Self::Failed)
    }
}

/// The learner's code, checked: not blank, at most [`SubmittedCode::MAX_BYTES`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmittedCode(String);

/// Why code was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// Nothing but whitespace.
    #[error("the code is empty")]
    Empty,
    /// Longer than the limit.
    #[error("the code is longer than {max} bytes")]
    TooLong {
        /// The limit.
        max: usize,
    },
    /// Contains a NUL character.
    #[error("the code contains a NUL character")]
    Nul,
}

impl SubmittedCode {
    /// The longest code accepted.
    pub const MAX_BYTES: usize = 64 * 1024;

    /// Checks `code`.
    ///
    /// # Errors
    /// [`CodeError`].
    pub fn new(code: String) -> Result<Self, CodeError> {
        if code.trim().is_empty() {
            return Err(CodeError::Empty);
        }
        if code.len() > Self::MAX_BYTES {
            return Err(CodeError::TooLong {
                max: Self::MAX_BYTES,
            });
        }
        if code.contains('\0') {
            return Err(CodeError::Nul);
        }
        Ok(Self(code))
    }

    /// The code.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// Id (time-ordered).
    pub id: SubmissionId,
    /// Whose.
    pub user: UserId,
    /// Which exercise.
    pub exercise: ExerciseId,
    /// The exercise version it is graded against (the current one when submitted).
    pub version: u32,
    /// The language.
    pub language: Language,
    /// The code.
    pub code: String,
    /// Where it is.
    pub status: SubmissionStatus,
    /// The verdict, once graded.
    pub verdict: Option<Verdict>,
    /// Grading attempts so far (more than one only when a worker died or the sandbox failed).
    pub attempts: u32,
    /// Authored hints the learner had revealed when submitting.
    pub hints_used: u32,
    /// When it was accepted.
    pub created_at: OffsetDateTime,
    /// When the verdict was recorded.
    pub graded_at: Option<OffsetDateTime>,
}

/// Which submissions to list: one learner's, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmissionQuery {
    /// Whose.
    pub user: UserId,
    /// Only this exercise.
    pub exercise: Option<ExerciseId>,
    /// Only submissions older than this one (the cursor).
    pub before: Option<SubmissionId>,
    /// At most this many.
    pub limit: u64,
}

/// Stores submissions and serves them as a work queue.
#[async_trait]
pub trait SubmissionRepository: Send + Sync {
    /// Stores a new submission (status queued). Once this returns, the submission MUST
    /// survive restarts.
    ///
    /// # Errors
    /// Storage failure (then nothing was stored).
    async fn create(&self, submission: &Submission) -> anyhow::Result<()>;

    /// One submission.
    ///
    /// # Errors
    /// Storage failure, or a stored row that is not a valid submission.
    async fn get(&self, id: SubmissionId) -> anyhow::Result<Option<Submission>>;

    /// One learner's submissions matching `query`, newest first.
    ///
    /// # Errors
    /// Storage failure, or a stored row that is not a valid submission.
    async fn list(&self, query: &SubmissionQuery) -> anyhow::Result<Vec<Submission>>;

    /// Claims the oldest submission that is queued, or running with a lease that ended before
    /// `now`: marks it running under `token` until `now + lease`, counts the attempt and
    /// returns it. Concurrent claims MUST NOT return the same submission while its lease
    /// lasts.
    ///
    /// # Errors
    /// Storage failure.
    async fn claim(
        &self,
        token: Uuid,
        now: OffsetDateTime,
        lease: Duration,
    ) -> anyhow::Result<Option<Submission>>;

    /// Records the verdict if the submission is still running under `token`; returns whether
    /// it did (false: the lease was lost and another worker owns the submission now).
    ///
    /// # Errors
    /// Storage failure.
    async fn complete(
        &self,
        id: SubmissionId,
        token: Uuid,
        verdict: &Verdict,
        at: OffsetDateTime,
    ) -> anyhow::Result<bool>;

    /// Gives the submission back (queued again, for another attempt) — or marks it failed
    /// when `give_up` — if it is still running under `token`.
    ///
    /// # Errors
    /// Storage failure.
    async fn release(&self, id: SubmissionId, token: Uuid, give_up: bool) -> anyhow::Result<bool>;

    /// How many submissions `user` made for `exercise` up to and including `upto`, and when
    /// the first of them was made.
    ///
    /// # Errors
    /// Storage failure.
    async fn history(
        &self,
        user: UserId,
        exercise: ExerciseId,
        upto: SubmissionId,
    ) -> anyhow::Result<(u32, Option<OffsetDateTime>)>;
}

/// "A submission was graded" — what the progress domain learns from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmissionGraded {
    /// The submission.
    pub submission: SubmissionId,
    /// The learner.
    pub user: UserId,
    /// The exercise.
    pub exercise: ExerciseId,
    /// The version graded against.
    pub version: u32,
    /// The verdict.
    pub verdict: Verdict,
    /// This learner's submissions for this exercise so far, this one included.
    pub attempts: u32,
    /// Authored hints revealed when submitting.
    pub hints_used: u32,
    /// From the learner's first submission for this exercise to this one.
    pub time_spent: Duration,
    /// When the verdict was recorded.
    pub graded_at: OffsetDateTime,
}

/// Where [`SubmissionGraded`] events go.
#[async_trait]
pub trait GradingEvents: Send + Sync {
    /// Publishes one event. Called once per recorded verdict.
    ///
    /// # Errors
    /// Delivery failure (logged by the caller; the verdict stays recorded).
    async fn submission_graded(&self, event: &SubmissionGraded) -> anyhow::Result<()>;
}

/// Tuning of the grading flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GradingSettings {
    /// How long a claim lasts before another worker may take the submission.
    pub lease: Duration,
    /// Attempts before a submission whose grading keeps failing is marked failed.
    pub max_attempts: u32,
    /// Output caps for runs.
    pub caps: OutputCaps,
    /// Limits for "Run" (visible tests only): at most these, and at most the exercise's.
    pub run_cpu_ms: u32,
    /// Wall limit for "Run".
    pub run_wall_ms: u32,
}

impl Default for GradingSettings {
    fn default() -> Self {
        Self {
            lease: Duration::from_secs(60),
            max_attempts: 3,
            caps: OutputCaps::default(),
            run_cpu_ms: 2_000,
            run_wall_ms: 5_000,
        }
    }
}

/// Why a submission or run was refused.
#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    /// No such exercise.
    #[error("exercise not found")]
    NotFound,
    /// The sandbox could not run the code (not the learner's fault).
    #[error(transparent)]
    Runner(#[from] RunnerError),
    /// A port failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// What one worker step did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GradeStep {
    /// The queue was empty.
    Idle,
    /// A verdict was recorded.
    Graded(SubmissionId),
    /// The runner failed; the submission went back to the queue (or failed for good).
    Released(SubmissionId),
    /// Another worker took over (the lease ran out); nothing was recorded.
    LostLease(SubmissionId),
}

/// The grading use cases.
pub struct GradingService {
    catalog: Arc<dyn CatalogRepository>,
    submissions: Arc<dyn SubmissionRepository>,
    hints: Arc<dyn HintLedger>,
    runner: Arc<dyn CodeRunner>,
    events: Arc<dyn GradingEvents>,
    clock: Arc<dyn Clock>,
    settings: GradingSettings,
}

impl std::fmt::Debug for GradingService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("GradingService { .. }")
    }
}

impl GradingService {
    /// The service over its ports.
    #[must_use]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        catalog: Arc<dyn CatalogRepository>,
        submissions: Arc<dyn SubmissionRepository>,
        hints: Arc<dyn HintLedger>,
        runner: Arc<dyn CodeRunner>,
        events: Arc<dyn GradingEvents>,
        clock: Arc<dyn Clock>,
        settings: GradingSettings,
    ) -> Self {
        Self {
            catalog,
            submissions,
            hints,
            runner,
            events,
            clock,
            settings,
        }
    }

    /// Accepts `code` for grading against the exercise's current version: stored first, graded
    /// later by a worker.
    ///
    /// # Errors
    /// [`SubmitError::NotFound`], [`SubmitError::Unexpected`].
    #[tracing::instrument(skip_all, fields(%user, %exercise))]
    pub async fn submit(
        &self,
        user: UserId,
        exercise: ExerciseId,
        code: SubmittedCode,
    ) -> Result<Submission, SubmitError> {
        let found = self
            .catalog
            .get(exercise)
            .await?
            .ok_or(SubmitError::NotFound)?;
        let hints_used = self.hints.revealed(user, exercise).await?;
        let submission = Submission {
            id: SubmissionId::generate(),
            user,
            exercise,
            version: found.current.draft.version,
            language: found.current.draft.language,
            code: code.0,
            status: SubmissionStatus::Queued,
            verdict: None,
            attempts: 0,
            hints_used,
            created_at: self.clock.now(),
            graded_at: None,
        };
        self.submissions.create(&submission).await?;
        Ok(submission)
    }

    /// One of `user`'s submissions (another learner's is not found).
    ///
    /// # Errors
    /// Storage failure.
    pub async fn get(&self, user: UserId, id: SubmissionId) -> anyhow::Result<Option<Submission>> {
        Ok(self.submissions.get(id).await?.filter(|s| s.user == user))
    }

    /// `user`'s submissions, newest first; the cursor for the next page when there may be one.
    ///
    /// # Errors
    /// Storage failure.
    pub async fn list(
        &self,
        query: SubmissionQuery,
    ) -> anyhow::Result<(Vec<Submission>, Option<SubmissionId>)> {
        let limit = query.limit.clamp(1, 100);
        let mut found = self
            .submissions
            .list(&SubmissionQuery {
                limit: limit + 1,
                ..query
            })
            .await?;
        let more = found.len() > usize::try_from(limit).unwrap_or(usize::MAX);
        found.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        let next = if more {
            found.last().map(|s| s.id)
        } else {
            None
        };
        Ok((found, next))
    }

    /// Runs `code` against the visible tests only, now, with the "Run" limits; records
    /// nothing.
    ///
    /// # Errors
    /// [`SubmitError::NotFound`], [`SubmitError::Runner`], [`SubmitError::Unexpected`].
    #[tracing::instrument(skip_all, fields(%exercise))]
    pub async fn run_visible(
        &self,
        exercise: ExerciseId,
        code: SubmittedCode,
    ) -> Result<Verdict, SubmitError> {
        let found = self
            .catalog
            .get(exercise)
            .await?
            .ok_or(SubmitError::NotFound)?;
        let draft = found.current.draft;
        let mut limits = draft.limits;
        limits.cpu_ms = limits.cpu_ms.min(self.settings.run_cpu_ms);
        limits.wall_ms = limits.wall_ms.min(self.settings.run_wall_ms);
        let verdict = self
            .runner
            .run(RunRequest {
                language: draft.language,
                code: code.0,
                tests: draft.visible_tests,
                limits,
                caps: self.settings.caps,
            })
            .await?;
        Ok(verdict)
    }

    /// One worker step: claims the oldest waiting submission, grades it against the version
    /// it was submitted for (visible and hidden tests), records the verdict and publishes
    /// [`SubmissionGraded`]. A runner failure gives the submission back for another attempt
    /// (failed for good after `max_attempts`).
    ///
    /// # Errors
    /// Storage failure (the claim then expires and the submission is graded later).
    #[tracing::instrument(skip_all)]
    pub async fn grade_next(&self) -> anyhow::Result<GradeStep> {
        let token = Uuid::new_v4();
        let Some(submission) = self
            .submissions
            .claim(token, self.clock.now(), self.settings.lease)
            .await?
        else {
            return Ok(GradeStep::Idle);
        };
        let id = submission.id;
        let version = self
            .catalog
            .get_version(submission.exercise, submission.version)
            .await?;
        let result = match version {
            Some(version) => self.grade(&submission, &version).await,
            None => Err(RunnerError::Infrastructure(anyhow::anyhow!(
                "exercise version {} is gone",
                submission.version
            ))),
        };
        let verdict = match result {
            Ok(verdict) => verdict,
            Err(error) => {
                let give_up = submission.attempts >= self.settings.max_attempts;
                tracing::warn!(%id, attempt = submission.attempts, give_up, error = %error, "grading failed; not the learner's fault");
                self.submissions.release(id, token, give_up).await?;
                return Ok(GradeStep::Released(id));
            }
        };
        let graded_at = self.clock.now();
        if !self
            .submissions
            .complete(id, token, &verdict, graded_at)
            .await?
        {
            return Ok(GradeStep::LostLease(id));
        }
        let (attempts, first) = self
            .submissions
            .history(submission.user, submission.exercise, id)
            .await?;
        let time_spent = first
            .map(|first| (submission.created_at - first).unsigned_abs())
            .unwrap_or_default();
        let event = SubmissionGraded {
            submission: id,
            user: submission.user,
            exercise: submission.exercise,
            version: submission.version,
            verdict,
            attempts,
            hints_used: submission.hints_used,
            time_spent,
            graded_at,
        };
        if let Err(error) = self.events.submission_graded(&event).await {
            tracing::error!(%id, error = %error, "publishing submission-graded failed");
        }
        Ok(GradeStep::Graded(id))
    }

    async fn grade(
        &self,
        submission: &Submission,
        version: &ExerciseVersion,
    ) -> Result<Verdict, RunnerError> {
        let draft = &version.draft;
        let tests = draft
            .visible_tests
            .iter()
            .chain(&draft.hidden_tests)
            .cloned()
            .collect();
        self.runner
            .run(RunRequest {
                language: draft.language,
                code: submission.code.clone(),
                tests,
                limits: draft.limits,
                caps: self.settings.caps,
            })
            .await
    }
}
