//! Submissions and "Run": submit code for grading (stored first, graded by a worker), follow
//! it by long-polling or Server-Sent Events, list one's submissions, and run the visible tests
//! at once. Every route needs a verified address; a learner only ever sees their own
//! submissions (another's is `404`, as if it did not exist).

use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, LOCATION};
use actix_web::{HttpResponse, web};
use mentor_exercises::{
    RunnerError, Submission, SubmissionQuery, SubmitError, SubmittedCode, TimeLimitKind, Verdict,
};
use mentor_kernel::{ExerciseId, SubmissionId};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use utoipa::ToSchema;

use super::exercises::exercise_id;
use super::extract::VerifiedUser;
use super::problem::{ApiError, FieldErrors, Problem};
use super::state::AppState;

/// The longest `?wait=` on `GET /submissions/{id}`, seconds.
const MAX_WAIT_SECS: u64 = 30;
/// How often a waiting request looks at the store when no signal arrives (a worker in
/// another process does not signal this one).
const POLL: Duration = Duration::from_millis(500);
/// Comment lines keep an idle event stream open through proxies.
const HEARTBEAT: Duration = Duration::from_secs(15);
/// An event stream ends after this long even if grading has not (the client reconnects).
const STREAM_FOR: Duration = Duration::from_secs(300);

/// Code to run or submit.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeBody {
    /// The learner's whole file (at most 64 KiB, not blank).
    pub code: String,
}

/// One test's result.
#[derive(Debug, Serialize, ToSchema)]
pub struct TestResultView {
    /// The test's name (a sentence).
    pub name: String,
    /// Whether it passed.
    pub passed: bool,
    /// For a failed visible test: the assertion message with expected and actual values.
    pub message: Option<String>,
    /// What the code printed during this visible test (trimmed).
    pub output: Option<String>,
    /// A hidden test: only its name and outcome are shown.
    pub hidden: bool,
}

/// What happened to the code.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerdictView {
    /// `passed`, `tests_failed`, `compile_error`, `runtime_error`, `time_limit`,
    /// `memory_limit` or `output_limit`.
    pub kind: &'static str,
    /// Whether the code is accepted.
    pub passed: bool,
    /// One sentence for the learner, e.g. "3 of 5 tests passed."
    pub summary: String,
    /// Per test (for `passed` and `tests_failed`; empty otherwise).
    pub tests: Vec<TestResultView>,
    /// The compiler's or the traceback's message (`compile_error`, `runtime_error`).
    pub message: Option<String>,
    /// The learner's line the compile error points at.
    pub line: Option<u32>,
    /// `cpu` or `wall` (`time_limit`).
    pub limit: Option<&'static str>,
}

impl From<&Verdict> for VerdictView {
    fn from(v: &Verdict) -> Self {
        let mut view = Self {
            kind: v.kind(),
            passed: v.passed(),
            summary: String::new(),
            tests: Vec::new(),
            message: None,
            line: None,
            limit: None,
        };
        match v {
            Verdict::Passed { tests } | Verdict::TestsFailed { tests } => {
                let passed = tests.iter().filter(|t| t.passed).count();
                view.summary = if v.passed() {
                    format!("All {} tests passed.", tests.len())
                } else if tests.is_empty() {
                    "No tests ran.".to_owned()
                } else {
                    format!("{passed} of {} tests passed.", tests.len())
                };
                view.tests = tests
                    .iter()
                    .map(|t| TestResultView {
                        name: t.name.clone(),
                        passed: t.passed,
                        message: t.message.clone(),
                        output: t.output.clone(),
                        hidden: t.hidden,
                    })
                    .collect();
            }
            Verdict::CompileError { message, line } => {
                view.summary = match line {
                    Some(line) => format!("Your code does not compile (line {line})."),
                    None => "Your code does not compile.".to_owned(),
                };
                view.message = Some(message.clone());
                view.line = *line;
            }
            Verdict::RuntimeError { message } => {
                view.summary = "Your code raised an error outside the tests.".to_owned();
                view.message = Some(message.clone());
            }
            Verdict::TimeLimit { kind } => {
                let (limit, summary) = match kind {
                    TimeLimitKind::Cpu => (
                        "cpu",
                        "Your code used more CPU time than allowed (an endless loop, or a slow algorithm?).",
                    ),
                    TimeLimitKind::Wall => (
                        "wall",
                        "Your code ran longer than allowed (waiting or sleeping?).",
                    ),
                };
                view.limit = Some(limit);
                view.summary = summary.to_owned();
            }
            Verdict::MemoryLimit => {
                view.summary = "Your code used more memory than allowed.".to_owned();
            }
            Verdict::OutputLimit => {
                view.summary = "Your code printed more output than allowed.".to_owned();
            }
        }
        view
    }
}

/// A submission.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubmissionView {
    /// Id.
    #[schema(value_type = String, format = Uuid)]
    pub id: uuid::Uuid,
    /// The exercise.
    #[schema(value_type = String, format = Uuid)]
    pub exercise_id: uuid::Uuid,
    /// The exercise version it is graded against.
    pub version: u32,
    /// `python` or `javascript`.
    pub language: &'static str,
    /// `queued`, `running`, `graded` or `failed` (grading failed for reasons that are not the
    /// learner's; submit again).
    pub status: &'static str,
    /// The verdict, once `graded`.
    pub verdict: Option<VerdictView>,
    /// Hints revealed before submitting.
    pub hints_used: u32,
    /// When it was accepted (RFC 3339).
    pub created_at: String,
    /// When it was graded.
    pub graded_at: Option<String>,
    /// The code (only when reading one submission).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// An instant as RFC 3339 text (the API's time format).
pub(super) fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

impl SubmissionView {
    fn new(s: &Submission, with_code: bool) -> Self {
        Self {
            id: s.id.as_uuid(),
            exercise_id: s.exercise.as_uuid(),
            version: s.version,
            language: s.language.as_str(),
            status: s.status.as_str(),
            verdict: s.verdict.as_ref().map(VerdictView::from),
            hints_used: s.hints_used,
            created_at: rfc3339(s.created_at),
            graded_at: s.graded_at.map(rfc3339),
            code: with_code.then(|| s.code.clone()),
        }
    }
}

/// A page of submissions, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubmissionsPage {
    /// Newest first.
    pub submissions: Vec<SubmissionView>,
    /// Pass as `before` for the next page; null on the last page.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub next: Option<uuid::Uuid>,
}

/// The result of "Run".
#[derive(Debug, Serialize, ToSchema)]
pub struct RunView {
    /// What happened (visible tests only).
    pub verdict: VerdictView,
}

impl From<SubmitError> for ApiError {
    fn from(e: SubmitError) -> Self {
        match e {
            SubmitError::NotFound => Self::not_found().detail("No such exercise."),
            SubmitError::Throttled(wait) => Self::rate_limited(wait),
            SubmitError::Runner(RunnerError::Unavailable(reason)) => {
                sandbox_unavailable().caused_by(anyhow::anyhow!(reason))
            }
            SubmitError::Runner(RunnerError::Infrastructure(cause)) => Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "sandbox-failed",
                "The sandbox failed",
            )
            .detail("Running your code failed on our side; this says nothing about your code. Try again.")
            .retry_after(1)
            .caused_by(cause),
            SubmitError::Unexpected(e) => Self::internal(e),
        }
    }
}

/// The 503 when this server cannot run code.
pub fn sandbox_unavailable() -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "sandbox-unavailable",
        "Code cannot be run right now",
    )
    .detail(
        "This server cannot run code at the moment, so nothing was run or stored. Try again later.",
    )
    .retry_after(30)
}

fn submission_id(raw: &str) -> Result<SubmissionId, ApiError> {
    raw.parse::<SubmissionId>()
        .map_err(|_| ApiError::not_found().detail("No such submission."))
}

/// Checks the code and that this server can run code.
async fn accept(state: &AppState, body: CodeBody) -> Result<SubmittedCode, ApiError> {
    let mut errors = FieldErrors::default();
    let code = errors.take("code", SubmittedCode::new(body.code));
    errors.finish()?;
    if let Err(reason) = state.sandbox.ready().await {
        return Err(sandbox_unavailable().caused_by(anyhow::anyhow!(reason)));
    }
    code.ok_or_else(|| ApiError::internal(anyhow::anyhow!("validated code missing")))
}

/// Submits code for grading against the exercise's current version.
#[utoipa::path(post, path = "/api/v1/exercises/{id}/submissions", tag = "submissions",
    params(("id" = String, Path, format = Uuid, description = "Exercise id"),
        ("X-CSRF-Token" = String, Header, description = "The CSRF token")),
    request_body = CodeBody,
    responses(
        (status = 202, description = "Stored and queued; `Location` is the submission", body = SubmissionView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Address not verified, or CSRF check failed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such exercise", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The code is blank, too long or contains NUL", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many submissions", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The sandbox is unavailable", body = Problem, content_type = "application/problem+json")))]
pub async fn submit(
    state: web::Data<AppState>,
    user: VerifiedUser,
    path: web::Path<String>,
    body: web::Json<CodeBody>,
) -> Result<HttpResponse, ApiError> {
    let exercise = exercise_id(&path)?;
    let code = accept(&state, body.into_inner()).await?;
    let submission = state.grading.submit(user.user.id, exercise, code).await?;
    state.signals.work.notify_one();
    Ok(HttpResponse::Accepted()
        .insert_header((LOCATION, format!("/api/v1/submissions/{}", submission.id)))
        .json(SubmissionView::new(&submission, false)))
}

/// Runs the code against the visible tests now, with short limits; records nothing.
#[utoipa::path(post, path = "/api/v1/exercises/{id}/run", tag = "submissions",
    params(("id" = String, Path, format = Uuid, description = "Exercise id"),
        ("X-CSRF-Token" = String, Header, description = "The CSRF token")),
    request_body = CodeBody,
    responses(
        (status = 200, description = "What the visible tests said", body = RunView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Address not verified, or CSRF check failed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such exercise", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The code is blank, too long or contains NUL", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many runs", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The sandbox is unavailable or failed", body = Problem, content_type = "application/problem+json")))]
pub async fn run(
    state: web::Data<AppState>,
    user: VerifiedUser,
    path: web::Path<String>,
    body: web::Json<CodeBody>,
) -> Result<HttpResponse, ApiError> {
    let exercise = exercise_id(&path)?;
    let code = accept(&state, body.into_inner()).await?;
    let verdict = state
        .grading
        .run_visible(user.user.id, exercise, code)
        .await?;
    Ok(HttpResponse::Ok().json(RunView {
        verdict: VerdictView::from(&verdict),
    }))
}

/// `GET /submissions/{id}` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct WaitQuery {
    /// Seconds to wait for the grading to finish (0–30; default 0: answer at once).
    pub wait: Option<u64>,
}

async fn owned(
    state: &AppState,
    user: &VerifiedUser,
    id: SubmissionId,
) -> Result<Submission, ApiError> {
    state
        .grading
        .get(user.user.id, id)
        .await
        .map_err(ApiError::internal)?
        .ok_or_else(|| ApiError::not_found().detail("No such submission."))
}

/// One of my submissions; with `?wait=N`, answers when it is graded (or failed) or after N
/// seconds, whichever comes first.
#[utoipa::path(get, path = "/api/v1/submissions/{id}", tag = "submissions",
    params(("id" = String, Path, format = Uuid, description = "Submission id"), WaitQuery),
    responses(
        (status = 200, description = "The submission", body = SubmissionView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Address not verified", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such submission (or another learner's)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`wait` over 30", body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    state: web::Data<AppState>,
    user: VerifiedUser,
    path: web::Path<String>,
    query: web::Query<WaitQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = submission_id(&path)?;
    let wait = query.wait.unwrap_or(0);
    if wait > MAX_WAIT_SECS {
        let mut errors = FieldErrors::default();
        errors.add("wait", format!("must be 0–{MAX_WAIT_SECS} seconds"));
        errors.finish()?;
    }
    let deadline = tokio::time::Instant::now() + Duration::from_secs(wait);
    let mut changes = state.signals.changed.subscribe();
    loop {
        let submission = owned(&state, &user, id).await?;
        let now = tokio::time::Instant::now();
        if submission.status.is_final() || now >= deadline {
            return Ok(HttpResponse::Ok().json(SubmissionView::new(&submission, true)));
        }
        let nap = POLL.min(deadline - now);
        tokio::select! {
            _ = changes.recv() => {}
            () = tokio::time::sleep(nap) => {}
        }
    }
}

/// One Server-Sent Event named `name` with `data` as JSON.
pub(super) fn sse_event(name: &str, data: &impl Serialize) -> web::Bytes {
    let data = serde_json::to_string(data).unwrap_or_else(|_| "{}".to_owned());
    web::Bytes::from(format!("event: {name}\ndata: {data}\n\n"))
}

struct Follow {
    state: web::Data<AppState>,
    user: VerifiedUser,
    id: SubmissionId,
    changes: tokio::sync::broadcast::Receiver<SubmissionId>,
    last: Option<&'static str>,
    done: bool,
    ends: tokio::time::Instant,
    sent_at: tokio::time::Instant,
}

impl Follow {
    /// The next event: a status the client has not seen, a heartbeat, or the end.
    async fn next(&mut self) -> Option<web::Bytes> {
        loop {
            if self.done || tokio::time::Instant::now() >= self.ends {
                return None;
            }
            let submission = match owned(&self.state, &self.user, self.id).await {
                Ok(s) => s,
                Err(_) => {
                    self.done = true;
                    return Some(web::Bytes::from_static(
                        b"event: error\ndata: {\"detail\":\"The submission could not be read.\"}\n\n",
                    ));
                }
            };
            let status = submission.status.as_str();
            if self.last != Some(status) {
                self.last = Some(status);
                self.done = submission.status.is_final();
                self.sent_at = tokio::time::Instant::now();
                return Some(sse_event(
                    "status",
                    &SubmissionView::new(&submission, false),
                ));
            }
            if self.sent_at.elapsed() >= HEARTBEAT {
                self.sent_at = tokio::time::Instant::now();
                return Some(web::Bytes::from_static(b": heartbeat\n\n"));
            }
            tokio::select! {
                _ = self.changes.recv() => {}
                () = tokio::time::sleep(POLL) => {}
            }
        }
    }
}

/// Server-Sent Events of one of my submissions: an event `status` (data: the submission) now
/// and at every change, until it is graded or failed; `: heartbeat` comments every 15 s.
#[utoipa::path(get, path = "/api/v1/submissions/{id}/events", tag = "submissions",
    params(("id" = String, Path, format = Uuid, description = "Submission id")),
    responses(
        (status = 200, description = "An event stream", body = String, content_type = "text/event-stream"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Address not verified", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such submission (or another learner's)", body = Problem, content_type = "application/problem+json")))]
pub async fn events(
    state: web::Data<AppState>,
    user: VerifiedUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = submission_id(&path)?;
    let changes = state.signals.changed.subscribe();
    owned(&state, &user, id).await?;
    let follow = Follow {
        state,
        user,
        id,
        changes,
        last: None,
        done: false,
        ends: tokio::time::Instant::now() + STREAM_FOR,
        sent_at: tokio::time::Instant::now(),
    };
    let stream = futures_util::stream::unfold(follow, |mut follow| async move {
        let event = follow.next().await?;
        Some((Ok::<_, actix_web::Error>(event), follow))
    });
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header((CACHE_CONTROL, "no-store"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(stream))
}

/// `GET …/submissions` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    /// Cursor: the `next` value of the previous page.
    pub before: Option<uuid::Uuid>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<u64>,
}

/// `GET /me/submissions` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct MyPageQuery {
    /// Only this exercise.
    pub exercise: Option<uuid::Uuid>,
    /// Cursor: the `next` value of the previous page.
    pub before: Option<uuid::Uuid>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<u64>,
}

async fn page(
    state: &AppState,
    user: &VerifiedUser,
    exercise: Option<ExerciseId>,
    before: Option<uuid::Uuid>,
    limit: Option<u64>,
) -> Result<HttpResponse, ApiError> {
    let limit = FieldErrors::within("limit", limit.unwrap_or(20), 1..=100)?;
    let (found, next) = state
        .grading
        .list(SubmissionQuery {
            user: user.user.id,
            exercise,
            before: before.map(SubmissionId::from_uuid),
            limit,
        })
        .await
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().json(SubmissionsPage {
        submissions: found
            .iter()
            .map(|s| SubmissionView::new(s, false))
            .collect(),
        next: next.map(|id| id.as_uuid()),
    }))
}

/// My submissions for one exercise, newest first.
#[utoipa::path(get, path = "/api/v1/exercises/{id}/submissions", tag = "submissions",
    params(("id" = String, Path, format = Uuid, description = "Exercise id"), PageQuery),
    responses(
        (status = 200, description = "A page of submissions", body = SubmissionsPage),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Address not verified", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`limit` out of range", body = Problem, content_type = "application/problem+json")))]
pub async fn list_for_exercise(
    state: web::Data<AppState>,
    user: VerifiedUser,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let exercise = exercise_id(&path)?;
    let q = query.into_inner();
    page(&state, &user, Some(exercise), q.before, q.limit).await
}

/// All my submissions, newest first (optionally for one exercise).
#[utoipa::path(get, path = "/api/v1/me/submissions", tag = "submissions",
    params(MyPageQuery),
    responses(
        (status = 200, description = "A page of submissions", body = SubmissionsPage),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Address not verified", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`limit` out of range", body = Problem, content_type = "application/problem+json")))]
pub async fn list_mine(
    state: web::Data<AppState>,
    user: VerifiedUser,
    query: web::Query<MyPageQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    page(
        &state,
        &user,
        q.exercise.map(ExerciseId::from_uuid),
        q.before,
        q.limit,
    )
    .await
}

/// AI feedback on a submission.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedbackView {
    /// What went wrong, in plain words, without the fix (Markdown).
    pub text: String,
}

/// AI feedback on one of my graded submissions that did not pass: which test failed and why,
/// without the fix. Budgeted like the tutor; the same code and verdict are answered from the
/// cache.
#[utoipa::path(post, path = "/api/v1/submissions/{id}/feedback", tag = "submissions",
    params(("id" = String, Path, format = Uuid, description = "Submission id"),
        ("X-CSRF-Token" = String, Header, description = "The CSRF token")),
    responses(
        (status = 200, description = "The feedback", body = FeedbackView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Address not verified", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such graded submission (or another learner's)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It passed, or AI feedback is off", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "A tutor limit", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "No language model is configured, or none answered", body = Problem, content_type = "application/problem+json")))]
pub async fn feedback(
    state: web::Data<AppState>,
    user: VerifiedUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = submission_id(&path)?;
    let answer = state
        .tutor
        .feedback(user.user.id, id)
        .await
        .map_err(super::chat::assist_error)?;
    Ok(HttpResponse::Ok().json(FeedbackView { text: answer.text }))
}
