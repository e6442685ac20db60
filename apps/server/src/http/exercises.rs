//! The exercise catalog for learners: list (filters, cursor), read one (never the hidden
//! tests or the reference solution), and reveal the next authored hint. Every route needs a
//! verified address.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use mentor_exercises::{CatalogQuery, Difficulty, Exercise, HintError, Topic};
use mentor_kernel::{ExerciseId, Language};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::VerifiedUser;
use super::problem::{ApiError, FieldErrors, Problem};
use super::state::AppState;

/// An exercise in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExerciseSummary {
    /// Id.
    #[schema(value_type = String, format = Uuid)]
    pub id: uuid::Uuid,
    /// Slug, unique per language.
    pub slug: String,
    /// `python` or `javascript`.
    pub language: String,
    /// Title.
    pub title: String,
    /// 1 (first steps) to 5 (hard).
    pub difficulty: u8,
    /// Topics.
    pub topics: Vec<String>,
    /// Current version.
    pub version: u32,
    /// Whether the signed-in learner has a passed submission for it.
    pub solved: bool,
}

impl From<&Exercise> for ExerciseSummary {
    fn from(e: &Exercise) -> Self {
        let d = &e.current.draft;
        Self {
            id: e.id.as_uuid(),
            slug: d.slug.as_str().to_owned(),
            language: d.language.as_str().to_owned(),
            title: d.title.clone(),
            difficulty: d.difficulty.get(),
            topics: d.topics.iter().map(|t| t.as_str().to_owned()).collect(),
            version: d.version,
            solved: false,
        }
    }
}

/// A page of exercises.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExercisesPage {
    /// In catalog order.
    pub exercises: Vec<ExerciseSummary>,
    /// Pass as `after` for the next page; null on the last page.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub next: Option<uuid::Uuid>,
}

/// `GET /exercises` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ExercisesQuery {
    /// `python` or `javascript`.
    pub language: Option<String>,
    /// A topic, e.g. `recursion`.
    pub topic: Option<String>,
    /// 1–5.
    pub difficulty: Option<u8>,
    /// `true`: only exercises I solved; `false`: only those I have not.
    pub solved: Option<bool>,
    /// Cursor: the `next` value of the previous page.
    pub after: Option<uuid::Uuid>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<u64>,
}

/// Lists the catalog, filtered.
#[utoipa::path(get, path = "/api/v1/exercises", tag = "exercises", params(ExercisesQuery),
    responses(
        (status = 200, description = "A page of exercises", body = ExercisesPage),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Address not verified", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown language, topic or difficulty", body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    state: web::Data<AppState>,
    user: VerifiedUser,
    query: web::Query<ExercisesQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let mut errors = FieldErrors::default();
    let language = q.language.as_deref().and_then(|raw| {
        let parsed = Language::parse(raw);
        if parsed.is_none() {
            errors.add("language", "must be python or javascript");
        }
        parsed
    });
    let topic = q.topic.as_deref().and_then(|raw| {
        let parsed = Topic::parse(raw);
        if parsed.is_none() {
            errors.add("topic", format!("unknown topic {raw:?}"));
        }
        parsed
    });
    let difficulty = q.difficulty.and_then(|raw| {
        let parsed = Difficulty::new(raw);
        if parsed.is_none() {
            errors.add("difficulty", "must be 1–5");
        }
        parsed
    });
    errors.finish()?;
    let solved = state
        .grading
        .solved(user.user.id)
        .await
        .map_err(ApiError::internal)?;
    let (only, except) = match q.solved {
        Some(true) => (Some(solved.clone()), Vec::new()),
        Some(false) => (None, solved.clone()),
        None => (None, Vec::new()),
    };
    let page = state
        .exercises
        .list(CatalogQuery {
            language,
            topic,
            difficulty,
            after: q.after.map(ExerciseId::from_uuid),
            only,
            except,
            limit: q.limit.unwrap_or(20),
        })
        .await
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().json(ExercisesPage {
        exercises: page
            .exercises
            .iter()
            .map(|e| ExerciseSummary {
                solved: solved.contains(&e.id),
                ..ExerciseSummary::from(e)
            })
            .collect(),
        next: page.next.map(|id| id.as_uuid()),
    }))
}

/// A test file the learner may see.
#[derive(Debug, Serialize, ToSchema)]
pub struct TestFileView {
    /// File name.
    pub name: String,
    /// Content.
    pub content: String,
}

/// Limits of a grading run.
#[derive(Debug, Serialize, ToSchema)]
pub struct LimitsView {
    /// CPU time, ms.
    pub cpu_ms: u32,
    /// Wall time, ms.
    pub wall_ms: u32,
    /// Memory, MiB.
    pub memory_mb: u32,
}

/// The hints so far.
#[derive(Debug, Serialize, ToSchema)]
pub struct HintsView {
    /// Rungs in the ladder.
    pub total: u32,
    /// The hints this learner revealed, in order.
    pub revealed: Vec<String>,
}

/// One exercise as a learner sees it: never the hidden tests or the reference solution.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExerciseView {
    /// The summary fields.
    #[serde(flatten)]
    pub summary: ExerciseSummary,
    /// The statement (Markdown).
    pub statement: String,
    /// Starter code.
    pub starter: String,
    /// The visible tests.
    pub visible_tests: Vec<TestFileView>,
    /// Limits.
    pub limits: LimitsView,
    /// Hints revealed so far.
    pub hints: HintsView,
}

/// The exercise id in a path; a malformed one is `404` like an unknown one.
pub(super) fn exercise_id(raw: &str) -> Result<ExerciseId, ApiError> {
    raw.parse::<ExerciseId>()
        .map_err(|_| ApiError::not_found().detail("No such exercise."))
}

/// One exercise.
#[utoipa::path(get, path = "/api/v1/exercises/{id}", tag = "exercises",
    params(("id" = String, Path, format = Uuid, description = "Exercise id")),
    responses(
        (status = 200, description = "The exercise", body = ExerciseView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Address not verified", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such exercise", body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    state: web::Data<AppState>,
    user: VerifiedUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = exercise_id(&path)?;
    let exercise = state
        .exercises
        .get(id)
        .await
        .map_err(ApiError::internal)?
        .ok_or_else(|| ApiError::not_found().detail("No such exercise."))?;
    let (revealed, total) = state
        .exercises
        .revealed_hints(user.user.id, &exercise)
        .await
        .map_err(ApiError::internal)?;
    let solved = state
        .grading
        .solved(user.user.id)
        .await
        .map_err(ApiError::internal)?
        .contains(&exercise.id);
    let d = &exercise.current.draft;
    Ok(HttpResponse::Ok().json(ExerciseView {
        summary: ExerciseSummary {
            solved,
            ..ExerciseSummary::from(&exercise)
        },
        statement: d.statement.clone(),
        starter: d.starter.clone(),
        visible_tests: d
            .visible_tests
            .iter()
            .map(|f| TestFileView {
                name: f.name.clone(),
                content: f.content.clone(),
            })
            .collect(),
        limits: LimitsView {
            cpu_ms: d.limits.cpu_ms,
            wall_ms: d.limits.wall_ms,
            memory_mb: d.limits.memory_mb,
        },
        hints: HintsView {
            total,
            revealed: revealed.into_iter().map(|h| h.text).collect(),
        },
    }))
}

/// A hint just revealed.
#[derive(Debug, Serialize, ToSchema)]
pub struct HintView {
    /// 1-based rung ("hint 2 of 4"); AI hints continue past `total`.
    pub index: u32,
    /// Authored rungs in the ladder.
    pub total: u32,
    /// The hint (Markdown).
    pub text: String,
    /// `authored`, or `ai` for a hint the tutor wrote after the authored ones ran out.
    pub source: &'static str,
}

impl From<HintError> for ApiError {
    fn from(e: HintError) -> Self {
        match e {
            HintError::NotFound => Self::not_found().detail("No such exercise."),
            HintError::NoMoreHints { total } => Self::new(
                StatusCode::CONFLICT,
                "no-more-hints",
                "Every hint is revealed",
            )
            .detail(format!(
                "All {total} hints of this exercise are revealed; ask the tutor for more help."
            )),
            HintError::Unexpected(e) => Self::internal(e),
        }
    }
}

/// An AI hint being written for one learner and exercise: a second request meanwhile would
/// compute the same rung and record two hints for one.
struct HintInProgress {
    set: std::sync::Arc<
        std::sync::Mutex<std::collections::HashSet<(mentor_kernel::UserId, ExerciseId)>>,
    >,
    key: (mentor_kernel::UserId, ExerciseId),
}

impl HintInProgress {
    fn start(
        state: &AppState,
        learner: mentor_kernel::UserId,
        id: ExerciseId,
    ) -> Result<Self, ApiError> {
        let set = state.hints_in_progress.clone();
        let fresh = set
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert((learner, id));
        if !fresh {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "hint-in-progress",
                "A hint is already being written",
            )
            .detail("Your previous hint request for this exercise is still being answered."));
        }
        Ok(Self {
            set,
            key: (learner, id),
        })
    }
}

impl Drop for HintInProgress {
    fn drop(&mut self) {
        self.set
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(&self.key);
    }
}

/// Reveals the next rung of the hint ladder and records it: the authored hints first, then —
/// when a language model is configured — AI hints grounded in the learner's latest code and
/// verdict.
#[utoipa::path(post, path = "/api/v1/exercises/{id}/hints", tag = "exercises",
    params(("id" = String, Path, format = Uuid, description = "Exercise id"),
        ("X-CSRF-Token" = String, Header, description = "The CSRF token")),
    responses(
        (status = 200, description = "The next hint", body = HintView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Address not verified, or CSRF check failed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such exercise", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Every hint is revealed (and no language model is configured for AI hints)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "A tutor limit (AI hints)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The model did not answer (AI hints)", body = Problem, content_type = "application/problem+json")))]
pub async fn reveal_hint(
    state: web::Data<AppState>,
    user: VerifiedUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = exercise_id(&path)?;
    let learner = user.user.id;
    let total = match state.exercises.reveal_hint(learner, id).await {
        Ok(hint) => {
            return Ok(HttpResponse::Ok().json(HintView {
                index: hint.index,
                total: hint.total,
                text: hint.hint.text,
                source: "authored",
            }));
        }
        Err(HintError::NoMoreHints { total }) if state.tutor.router().is_some() => total,
        Err(e) => return Err(e.into()),
    };
    let _writing = HintInProgress::start(&state, learner, id)?;
    let taken = state
        .exercises
        .hints_taken(learner, id)
        .await
        .map_err(ApiError::internal)?;
    if taken >= mentor_exercises::ExerciseService::MAX_HINTS {
        return Err(HintError::NoMoreHints { total: taken }.into());
    }
    let rung = taken.saturating_sub(total) + 1;
    let hint = state
        .tutor
        .hint(learner, id, rung)
        .await
        .map_err(super::chat::assist_error)?;
    let index = state
        .exercises
        .record_extra_hint(learner, id)
        .await
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().json(HintView {
        index,
        total,
        text: hint.text,
        source: "ai",
    }))
}
