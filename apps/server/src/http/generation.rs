//! Generated exercises (admins only): `POST /admin/exercises/generate` has the tutor's model
//! write an exercise, which is checked against the content schema and proven in the sandbox
//! before it is stored pending review; the review queue lists, shows, approves (into the
//! catalog) and rejects (with a reason). Every generation and review is in the audit trail.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use mentor_auth::AuditAction;
use mentor_exercises::{
    GenerateError, GeneratedExercise, GeneratedQuery, GenerationRequest, ReviewError, ReviewStatus,
    RunnerError, WriteError,
};
use mentor_kernel::{Difficulty, GenerationId, Language, Topic, UserId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::admin::{AdminJson, AdminUser};
use super::chat::{llm_failed, llm_unavailable, tutor_limited};
use super::problem::{ApiError, FieldErrors, Problem};
use super::state::AppState;
use super::submissions::sandbox_unavailable;

/// `POST /admin/exercises/generate` body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GenerateBody {
    /// `python` or `javascript`.
    pub language: String,
    /// A topic of the catalog's list (`strings`, `lists`, …).
    pub topic: String,
    /// 1–5.
    pub difficulty: u8,
    /// What the exercise should be about, up to 500 characters (optional).
    pub brief: Option<String>,
}

/// `POST /admin/exercises/generated/{id}/reject` body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectBody {
    /// Why, 1–500 characters.
    pub reason: String,
}

/// Limits of a generated exercise.
#[derive(Debug, Serialize, ToSchema)]
pub struct LimitsView {
    /// CPU time, milliseconds.
    pub cpu_ms: u32,
    /// Wall-clock time, milliseconds.
    pub wall_ms: u32,
    /// Memory, MiB.
    pub memory_mb: u32,
}

/// A generated exercise's content, whole (reviewers see the reference and hidden tests).
#[derive(Debug, Serialize, ToSchema)]
pub struct DraftView {
    /// Language.
    pub language: String,
    /// Slug (free in the catalog when generated).
    pub slug: String,
    /// Title.
    pub title: String,
    /// 1–5.
    pub difficulty: u8,
    /// Topics.
    pub topics: Vec<String>,
    /// Statement (Markdown).
    pub statement: String,
    /// Starter code.
    pub starter: String,
    /// Reference solution.
    pub reference: String,
    /// Visible test file.
    pub visible_test: String,
    /// Hidden test file.
    pub hidden_test: String,
    /// Hints, nudge first.
    pub hints: Vec<String>,
    /// Limits.
    pub limits: LimitsView,
}

/// A generated exercise with its review.
#[derive(Debug, Serialize, ToSchema)]
pub struct GeneratedView {
    /// Identifier.
    #[schema(value_type = String, format = Uuid)]
    pub id: uuid::Uuid,
    /// `pending_review`, `published` or `rejected`.
    pub status: String,
    /// The topic asked for.
    pub topic: String,
    /// The brief given.
    pub brief: Option<String>,
    /// Who generated it.
    #[schema(value_type = String, format = Uuid)]
    pub requested_by: uuid::Uuid,
    /// Who reviewed it.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub reviewer: Option<uuid::Uuid>,
    /// Why it was rejected.
    pub reason: Option<String>,
    /// The catalog exercise it became, once published.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub exercise_id: Option<uuid::Uuid>,
    /// When it was generated.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    /// When it was reviewed.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub reviewed_at: Option<OffsetDateTime>,
    /// The exercise.
    pub exercise: DraftView,
}

impl From<GeneratedExercise> for GeneratedView {
    fn from(g: GeneratedExercise) -> Self {
        let parts = mentor_exercises::DraftParts::of(&g.draft);
        Self {
            id: g.id.as_uuid(),
            status: g.status.as_str().to_owned(),
            topic: g.topic.as_str().to_owned(),
            brief: g.brief,
            requested_by: g.requested_by.as_uuid(),
            reviewer: g.reviewer.map(|r| r.as_uuid()),
            reason: g.reason,
            exercise_id: g.exercise.map(|e| e.as_uuid()),
            created_at: g.created_at,
            reviewed_at: g.reviewed_at,
            exercise: DraftView {
                language: parts.language,
                slug: parts.slug,
                title: parts.title,
                difficulty: parts.difficulty,
                topics: parts.topics,
                statement: parts.statement,
                starter: parts.starter,
                reference: parts.reference,
                visible_test: parts.visible_test,
                hidden_test: parts.hidden_test,
                hints: parts.hints,
                limits: LimitsView {
                    cpu_ms: parts.cpu_ms,
                    wall_ms: parts.wall_ms,
                    memory_mb: parts.memory_mb,
                },
            },
        }
    }
}

/// A page of generated exercises.
#[derive(Debug, Serialize, ToSchema)]
pub struct GeneratedPage {
    /// Oldest first.
    pub items: Vec<GeneratedView>,
    /// Pass as `after` for the next page; absent on the last page.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub next: Option<uuid::Uuid>,
}

/// `GET /admin/exercises/generated` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct GeneratedQueryParams {
    /// Only this status: `pending_review`, `published` or `rejected`.
    pub status: Option<String>,
    /// Cursor: the `next` value of the previous page.
    pub after: Option<uuid::Uuid>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<u64>,
}

impl From<GenerateError> for ApiError {
    fn from(e: GenerateError) -> Self {
        match e {
            GenerateError::Writer(WriteError::Unavailable) => llm_unavailable(),
            GenerateError::Writer(WriteError::Limited {
                reason,
                retry_after,
            }) => tutor_limited(&reason, retry_after),
            GenerateError::Writer(WriteError::Failed(why)) => {
                tracing::warn!(reason = %why, "no exercise generated: the model did not answer");
                llm_failed()
            }
            GenerateError::Writer(WriteError::Unexpected(e)) | GenerateError::Unexpected(e) => {
                Self::internal(e)
            }
            GenerateError::Invalid(problems) => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "generation-failed",
                "The generated exercise failed its checks",
            )
            .detail(
                "The model's exercise did not pass the content schema or the sandbox proof \
                 (listed in `problems`); nothing was stored. Generate again, perhaps with a \
                 more specific brief.",
            )
            .extension("problems", serde_json::json!(problems)),
            GenerateError::Sandbox(RunnerError::Unavailable(reason)) => {
                sandbox_unavailable().caused_by(anyhow::anyhow!(reason))
            }
            GenerateError::Sandbox(RunnerError::Infrastructure(cause)) => Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "sandbox-failed",
                "The sandbox failed",
            )
            .detail("Proving the exercise failed on our side; nothing was stored. Try again.")
            .retry_after(1)
            .caused_by(cause),
        }
    }
}

impl From<ReviewError> for ApiError {
    fn from(e: ReviewError) -> Self {
        match e {
            ReviewError::NotFound => Self::not_found().detail("No such generated exercise."),
            ReviewError::NotPending(status) => Self::new(
                StatusCode::CONFLICT,
                "not-pending",
                "This exercise was reviewed already",
            )
            .detail(format!(
                "It is {} already; only exercises pending review can be approved or rejected.",
                status.as_str()
            )),
            ReviewError::SlugTaken(language, slug) => Self::new(
                StatusCode::CONFLICT,
                "slug-taken",
                "The catalog has an exercise of that name now",
            )
            .detail(format!(
                "The catalog has a {language} exercise named {slug} now, so this one cannot be \
                 published; reject it and generate again."
            )),
            ReviewError::BadReason => FieldErrors::one(
                "reason",
                format!(
                    "must be 1–{} characters",
                    mentor_exercises::generation::MAX_REASON_CHARS
                ),
            ),
            ReviewError::Unexpected(e) => Self::internal(e),
        }
    }
}

fn generation_id(raw: &str) -> Result<GenerationId, ApiError> {
    raw.parse::<GenerationId>()
        .map_err(|_| ApiError::not_found().detail("No such generated exercise."))
}

fn described(g: &GeneratedExercise) -> String {
    format!(
        "generated exercise {} ({}/{})",
        g.id, g.draft.language, g.draft.slug
    )
}

/// Has the model write an exercise, checks it against the content schema, proves in the
/// sandbox that the reference passes and the starter fails, and stores it pending review
/// (published at once with `tutor.publish_generated`). Takes as long as the model needs.
#[utoipa::path(post, path = "/api/v1/admin/exercises/generate", tag = "admin",
    params(("X-CSRF-Token" = String, Header, description = "The CSRF token")),
    request_body = GenerateBody,
    responses(
        (status = 201, description = "Generated, proven and stored", body = GeneratedView),
        (status = 403, description = "Not an admin, or CSRF check failed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad request fields, or the generated exercise failed its checks (`generation-failed`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Tutor budget or rate", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "No model configured or answering, or no sandbox", body = Problem, content_type = "application/problem+json")))]
pub async fn generate(
    state: web::Data<AppState>,
    request: AdminJson<GenerateBody>,
) -> Result<HttpResponse, ApiError> {
    let AdminJson { admin, body } = request;
    let mut errors = FieldErrors::default();
    let language = Language::parse(&body.language);
    if language.is_none() {
        errors.add("language", "must be python or javascript");
    }
    let topic = Topic::parse(&body.topic);
    if topic.is_none() {
        let known: Vec<&str> = Topic::ALL.iter().map(|t| t.as_str()).collect();
        errors.add(
            "topic",
            format!("unknown topic (known: {})", known.join(", ")),
        );
    }
    let difficulty = Difficulty::new(body.difficulty);
    if difficulty.is_none() {
        errors.add("difficulty", "must be 1–5");
    }
    let request = match (language, topic, difficulty) {
        (Some(language), Some(topic), Some(difficulty)) => errors.take(
            "brief",
            GenerationRequest::new(language, topic, difficulty, body.brief.as_deref()),
        ),
        _ => None,
    };
    errors.finish()?;
    let request =
        request.ok_or_else(|| ApiError::internal(anyhow::anyhow!("validated request missing")))?;
    // Refused before anything is spent: no model, or no sandbox to prove the exercise in.
    if state.tutor.router().is_none() {
        return Err(llm_unavailable());
    }
    if let Err(reason) = state.sandbox.ready().await {
        return Err(sandbox_unavailable().caused_by(anyhow::anyhow!(reason)));
    }
    // On its own task, audit included: an admin who closes the page does not waste a paid,
    // proven exercise, and it is still in the audit trail.
    let (generation, auth) = (state.generation.clone(), state.auth.clone());
    let generated = tokio::spawn(async move {
        let generated = generation
            .generate(admin.principal.user_id, request)
            .await?;
        auth.record_admin_action(
            &admin.principal,
            AuditAction::ExerciseGenerated,
            described(&generated),
        )
        .await;
        if generated.status == ReviewStatus::Published {
            auth.record_admin_action(
                &admin.principal,
                AuditAction::GeneratedExerciseApproved,
                format!("{} (published without review)", described(&generated)),
            )
            .await;
        }
        Ok::<_, GenerateError>(generated)
    })
    .await
    .map_err(|e| ApiError::internal(anyhow::anyhow!("generation task failed: {e}")))??;
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/admin/exercises/generated/{}", generated.id),
        ))
        .json(GeneratedView::from(generated)))
}

/// Generated exercises, oldest first (the review queue with `status=pending_review`).
#[utoipa::path(get, path = "/api/v1/admin/exercises/generated", tag = "admin",
    params(GeneratedQueryParams),
    responses(
        (status = 200, description = "A page", body = GeneratedPage),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown status", body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    state: web::Data<AppState>,
    _admin: AdminUser,
    query: web::Query<GeneratedQueryParams>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let status = match query.status.as_deref() {
        Some(raw) => Some(ReviewStatus::parse(raw).ok_or_else(|| {
            FieldErrors::one("status", "must be pending_review, published or rejected")
        })?),
        None => None,
    };
    let limit = FieldErrors::within("limit", query.limit.unwrap_or(20), 1..=100)?;
    let (items, next) = state
        .generation
        .list(GeneratedQuery {
            status,
            after: query.after.map(GenerationId::from_uuid),
            limit,
        })
        .await
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().json(GeneratedPage {
        items: items.into_iter().map(GeneratedView::from).collect(),
        next: next.map(|id| id.as_uuid()),
    }))
}

/// One generated exercise, whole.
#[utoipa::path(get, path = "/api/v1/admin/exercises/generated/{id}", tag = "admin",
    params(("id" = String, Path, format = Uuid, description = "Generated exercise id")),
    responses(
        (status = 200, description = "The exercise and its review", body = GeneratedView),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such generated exercise", body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    state: web::Data<AppState>,
    _admin: AdminUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = generation_id(&path)?;
    let generated = state
        .generation
        .get(id)
        .await
        .map_err(ApiError::internal)?
        .ok_or(ReviewError::NotFound)?;
    Ok(HttpResponse::Ok().json(GeneratedView::from(generated)))
}

/// Approves a pending exercise: it enters the catalog as a new exercise.
#[utoipa::path(post, path = "/api/v1/admin/exercises/generated/{id}/approve", tag = "admin",
    params(("id" = String, Path, format = Uuid, description = "Generated exercise id"),
        ("X-CSRF-Token" = String, Header, description = "The CSRF token")),
    responses(
        (status = 200, description = "Published; `exercise_id` names the catalog exercise", body = GeneratedView),
        (status = 403, description = "Not an admin, or CSRF check failed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such generated exercise", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Reviewed already, or its slug is taken now", body = Problem, content_type = "application/problem+json")))]
pub async fn approve(
    state: web::Data<AppState>,
    admin: AdminUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = generation_id(&path)?;
    let reviewer: UserId = admin.principal.user_id;
    let published = state.generation.approve(id, reviewer).await?;
    state
        .auth
        .record_admin_action(
            &admin.principal,
            AuditAction::GeneratedExerciseApproved,
            described(&published),
        )
        .await;
    Ok(HttpResponse::Ok().json(GeneratedView::from(published)))
}

/// Rejects a pending exercise with a reason.
#[utoipa::path(post, path = "/api/v1/admin/exercises/generated/{id}/reject", tag = "admin",
    params(("id" = String, Path, format = Uuid, description = "Generated exercise id"),
        ("X-CSRF-Token" = String, Header, description = "The CSRF token")),
    request_body = RejectBody,
    responses(
        (status = 200, description = "Rejected", body = GeneratedView),
        (status = 403, description = "Not an admin, or CSRF check failed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such generated exercise", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Reviewed already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing or too long reason", body = Problem, content_type = "application/problem+json")))]
pub async fn reject(
    state: web::Data<AppState>,
    path: web::Path<String>,
    request: AdminJson<RejectBody>,
) -> Result<HttpResponse, ApiError> {
    let AdminJson { admin, body } = request;
    let id = generation_id(&path)?;
    let rejected = state
        .generation
        .reject(id, admin.principal.user_id, &body.reason)
        .await?;
    state
        .auth
        .record_admin_action(
            &admin.principal,
            AuditAction::GeneratedExerciseRejected,
            described(&rejected),
        )
        .await;
    Ok(HttpResponse::Ok().json(GeneratedView::from(rejected)))
}
