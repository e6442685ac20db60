//! Submissions and grading: a learner's code is stored first (nothing accepted is lost), then
//! graded by a worker that claims it from the queue with a lease, runs it in the sandbox
//! through the [`CodeRunner`] port and records the verdict. The queue is the submissions
//! store itself (ADR 0010): a claim whose worker dies expires and the submission is claimed
//! again; recording a verdict is conditional on still holding the lease, so grading twice
//! records one verdict and publishes one [`SubmissionGraded`] event.

use std::{sync::Arc, time::Duration};

use async_trait::async_trait;
use mentor_kernel::{Clock, ExerciseId, Language, RateLimiter, RatePolicy, SubmissionId, UserId};
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{
    model::{ExerciseVersion, SourceFile},
    ports::{CatalogRepository, HintLedger},
    runner::{CodeRunner, OutputCaps, RunRequest, RunnerError, TestOutcome, Verdict},
};

/// What a learner reads when their code crashed while the hidden tests were loading (the real
/// message could carry the hidden tests' text).
pub const HIDDEN_CRASH: &str = "Your code raised an error outside any test while the hidden tests were loading. \
     Its details are not shown for hidden tests; check how your code behaves on edge cases.";

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
    /// Hints the learner had taken when submitting (authored ones and AI hints beyond them).
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

    /// The exercises `user` has a passed submission for (each once, any order).
    ///
    /// # Errors
    /// Storage failure.
    async fn solved(&self, user: UserId) -> anyhow::Result<Vec<ExerciseId>>;

    /// Records that the [`SubmissionGraded`] event of a graded submission was delivered.
    ///
    /// # Errors
    /// Storage failure.
    async fn mark_published(&self, id: SubmissionId, at: OffsetDateTime) -> anyhow::Result<()>;

    /// Graded submissions whose event was not delivered yet and that were graded before
    /// `graded_before`, in id order after `after` when given, at most `limit` (the outbox of
    /// [`SubmissionGraded`]).
    ///
    /// # Errors
    /// Storage failure, or a stored row that is not a valid submission.
    async fn unpublished(
        &self,
        graded_before: OffsetDateTime,
        after: Option<SubmissionId>,
        limit: u64,
    ) -> anyhow::Result<Vec<Submission>>;

    /// How many submissions `user` made for `exercise` up to and including `upto`, and when
    /// the first of them was made; submissions whose grading failed on our side (`failed`)
    /// do not count, they were not the learner's attempts.
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
    /// When the learner submitted.
    pub submitted_at: OffsetDateTime,
    /// When the verdict was recorded.
    pub graded_at: OffsetDateTime,
}

/// Where [`SubmissionGraded`] events go. Delivery is at least once: an event whose delivery
/// failed, or whose worker died before it was marked delivered, is published again by
/// [`GradingService::republish`], so consumers MUST be idempotent (key on the submission).
#[async_trait]
pub trait GradingEvents: Send + Sync {
    /// Publishes one event.
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
    /// "Run" requests per learner.
    pub run_policy: RatePolicy,
    /// Submissions per learner.
    pub submit_policy: RatePolicy,
}

impl Default for GradingSettings {
    fn default() -> Self {
        Self {
            lease: Duration::from_secs(60),
            max_attempts: 3,
            caps: OutputCaps::default(),
            run_cpu_ms: 2_000,
            run_wall_ms: 5_000,
            run_policy: RatePolicy {
                requests: 30,
                per: Duration::from_secs(60),
                burst: 10,
            },
            submit_policy: RatePolicy {
                requests: 20,
                per: Duration::from_secs(60),
                burst: 10,
            },
        }
    }
}

/// Why a submission or run was refused.
#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    /// No such exercise.
    #[error("exercise not found")]
    NotFound,
    /// Too many runs or submissions; the next is allowed after this long.
    #[error("too many requests, retry in {0:?}")]
    Throttled(Duration),
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

/// What [`GradingService`] works with.
pub struct GradingPorts {
    /// The catalog (for the tests and limits of each version).
    pub catalog: Arc<dyn CatalogRepository>,
    /// Submissions, also the queue.
    pub submissions: Arc<dyn SubmissionRepository>,
    /// Revealed hints (counted into each submission).
    pub hints: Arc<dyn HintLedger>,
    /// The sandbox.
    pub runner: Arc<dyn CodeRunner>,
    /// Where "submission graded" goes.
    pub events: Arc<dyn GradingEvents>,
    /// Per-learner limits on runs and submissions.
    pub limiter: Arc<dyn RateLimiter>,
    /// Time.
    pub clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for GradingPorts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("GradingPorts { .. }")
    }
}

/// The grading use cases.
pub struct GradingService {
    catalog: Arc<dyn CatalogRepository>,
    submissions: Arc<dyn SubmissionRepository>,
    hints: Arc<dyn HintLedger>,
    runner: Arc<dyn CodeRunner>,
    events: Arc<dyn GradingEvents>,
    limiter: Arc<dyn RateLimiter>,
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
    pub fn new(ports: GradingPorts, settings: GradingSettings) -> Self {
        Self {
            catalog: ports.catalog,
            submissions: ports.submissions,
            hints: ports.hints,
            runner: ports.runner,
            events: ports.events,
            limiter: ports.limiter,
            clock: ports.clock,
            settings,
        }
    }

    /// Checks the sandbox (start-up and readiness).
    ///
    /// # Errors
    /// [`RunnerError::Unavailable`] with the reason.
    pub async fn self_check(&self) -> Result<(), RunnerError> {
        self.runner.self_check().await
    }

    async fn admit(
        &self,
        kind: &str,
        user: UserId,
        policy: &RatePolicy,
    ) -> Result<(), SubmitError> {
        self.limiter
            .check(&format!("{kind}-user:{user}"), policy)
            .await?
            .into_result()
            .map_err(SubmitError::Throttled)
    }

    /// Accepts `code` for grading against the exercise's current version: stored first, graded
    /// later by a worker.
    ///
    /// # Errors
    /// [`SubmitError::NotFound`], [`SubmitError::Throttled`], [`SubmitError::Unexpected`].
    #[tracing::instrument(skip_all, fields(%user, %exercise))]
    pub async fn submit(
        &self,
        user: UserId,
        exercise: ExerciseId,
        code: SubmittedCode,
    ) -> Result<Submission, SubmitError> {
        self.admit("submit", user, &self.settings.submit_policy)
            .await?;
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

    /// The exercises `user` has solved (a passed submission), for the catalog's
    /// solved/unsolved filter.
    ///
    /// # Errors
    /// Storage failure.
    pub async fn solved(&self, user: UserId) -> anyhow::Result<Vec<ExerciseId>> {
        self.submissions.solved(user).await
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
    /// [`SubmitError::NotFound`], [`SubmitError::Throttled`], [`SubmitError::Runner`],
    /// [`SubmitError::Unexpected`].
    #[tracing::instrument(skip_all, fields(%user, %exercise))]
    pub async fn run_visible(
        &self,
        user: UserId,
        exercise: ExerciseId,
        code: SubmittedCode,
    ) -> Result<Verdict, SubmitError> {
        self.admit("run", user, &self.settings.run_policy).await?;
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
        self.publish(&submission, verdict, graded_at).await?;
        Ok(GradeStep::Graded(id))
    }

    /// Publishes the event of a graded submission and marks it delivered; a failed delivery
    /// is logged and left for [`Self::republish`].
    async fn publish(
        &self,
        submission: &Submission,
        verdict: Verdict,
        graded_at: OffsetDateTime,
    ) -> anyhow::Result<bool> {
        let id = submission.id;
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
            submitted_at: submission.created_at,
            graded_at,
        };
        match self.events.submission_graded(&event).await {
            Ok(()) => {
                self.submissions
                    .mark_published(id, self.clock.now())
                    .await?;
                Ok(true)
            }
            Err(error) => {
                tracing::error!(%id, error = format!("{error:#}"), "publishing submission-graded failed; it is published again later");
                Ok(false)
            }
        }
    }

    /// Publishes again the events of graded submissions that were not delivered (delivery
    /// failed, or the worker stopped between recording the verdict and publishing): one page
    /// of at most `limit`, oldest first after `after`; only submissions graded at least one
    /// lease ago, so a worker's own delivery is not raced. Returns how many were delivered
    /// and the cursor for the next page (`None` after the last), so an event that keeps
    /// failing does not hold up the others.
    ///
    /// # Errors
    /// Storage failure.
    #[tracing::instrument(skip_all)]
    pub async fn republish(
        &self,
        after: Option<SubmissionId>,
        limit: u64,
    ) -> anyhow::Result<(usize, Option<SubmissionId>)> {
        let lease = time::Duration::try_from(self.settings.lease).unwrap_or(time::Duration::MINUTE);
        let pending = self
            .submissions
            .unpublished(self.clock.now() - lease, after, limit)
            .await?;
        let next = if u64::try_from(pending.len()).unwrap_or(u64::MAX) >= limit {
            pending.last().map(|s| s.id)
        } else {
            None
        };
        let mut delivered = 0;
        for submission in pending {
            let (Some(verdict), Some(graded_at)) =
                (submission.verdict.clone(), submission.graded_at)
            else {
                continue;
            };
            if self.publish(&submission, verdict, graded_at).await? {
                delivered += 1;
            }
        }
        if delivered > 0 {
            tracing::info!(
                delivered,
                "published submission-graded events that had not been delivered"
            );
        }
        Ok((delivered, next))
    }

    /// Grades in two runs so that nothing the learner's code controls comes back from a
    /// hidden test: first the visible tests (every detail shown, and the hidden files are
    /// not even in the run directory), then — if the code got as far as running tests — the
    /// hidden tests, whose outcomes are [`TestOutcome::withheld`] and whose crash message is
    /// replaced by a generic one.
    async fn grade(
        &self,
        submission: &Submission,
        version: &ExerciseVersion,
    ) -> Result<Verdict, RunnerError> {
        let draft = &version.draft;
        let request = |tests: &[SourceFile]| RunRequest {
            language: draft.language,
            code: submission.code.clone(),
            tests: tests.to_vec(),
            limits: draft.limits,
            caps: self.settings.caps,
        };
        let mut tests = Vec::new();
        if !draft.visible_tests.is_empty() {
            match self.runner.run(request(&draft.visible_tests)).await? {
                Verdict::Passed { tests: shown } | Verdict::TestsFailed { tests: shown } => {
                    tests = shown;
                }
                stopped => return Ok(stopped),
            }
        }
        if !draft.hidden_tests.is_empty() {
            match self.runner.run(request(&draft.hidden_tests)).await? {
                Verdict::Passed { tests: hidden } | Verdict::TestsFailed { tests: hidden } => {
                    tests.extend(hidden.into_iter().map(TestOutcome::withheld));
                }
                Verdict::CompileError { .. } | Verdict::RuntimeError { .. } => {
                    return Ok(Verdict::RuntimeError {
                        message: HIDDEN_CRASH.to_owned(),
                    });
                }
                stopped => return Ok(stopped),
            }
        }
        Ok(Verdict::from_tests(tests))
    }
}
