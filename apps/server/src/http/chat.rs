//! Conversations with the tutor over HTTP: create, list, read, rename, delete, and a turn —
//! `POST …/messages` streams the answer as Server-Sent Events when the client accepts
//! `text/event-stream` (events `message`, `delta`, `usage`, `done`, `error`, and heartbeat
//! comments), or answers with the whole turn as JSON otherwise. Also the learner's and the
//! admin's views of model usage.

use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::http::header::{ACCEPT, CACHE_CONTROL};
use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::StreamExt as _;
use mentor_chat::{ChatError, Conversation, Message, SendError, TurnEvent, TutorRefusal};
use mentor_kernel::{ConversationId, ExerciseId, MessageId, TextError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::admin::AdminUser;
use super::extract::VerifiedUser;
use super::problem::{ApiError, FieldErrors, Problem};
use super::state::AppState;
use super::submissions::{rfc3339, sse_event};

/// A conversation.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConversationView {
    /// Id.
    #[schema(format = Uuid)]
    pub id: String,
    /// Title.
    pub title: String,
    /// The exercise it is about.
    #[schema(format = Uuid)]
    pub exercise_id: Option<String>,
    /// When it was started (RFC 3339).
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
}

impl From<&Conversation> for ConversationView {
    fn from(c: &Conversation) -> Self {
        Self {
            id: c.id.to_string(),
            title: c.title.as_str().to_owned(),
            exercise_id: c.exercise.map(|e| e.to_string()),
            created_at: rfc3339(c.created_at),
            updated_at: rfc3339(c.updated_at),
        }
    }
}

/// A message.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageView {
    /// Id.
    #[schema(format = Uuid)]
    pub id: String,
    /// `learner` or `tutor`.
    pub author: &'static str,
    /// The text (Markdown for the tutor; render it sanitised).
    pub content: String,
    /// `complete`, `interrupted` (cut off; the text is what arrived) or `failed` (no answer;
    /// the learner may retry).
    pub status: &'static str,
    /// Prompt tokens the answer cost.
    pub prompt_tokens: u32,
    /// Completion tokens the answer cost.
    pub completion_tokens: u32,
    /// When it was stored.
    pub created_at: String,
}

impl From<&Message> for MessageView {
    fn from(m: &Message) -> Self {
        Self {
            id: m.id.to_string(),
            author: m.author.as_str(),
            content: m.content.clone(),
            status: m.status.as_str(),
            prompt_tokens: m.prompt_tokens,
            completion_tokens: m.completion_tokens,
            created_at: rfc3339(m.created_at),
        }
    }
}

/// A page of conversations.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConversationsPage {
    /// Newest first.
    pub conversations: Vec<ConversationView>,
    /// Cursor for the next page (`before`).
    #[schema(format = Uuid)]
    pub next: Option<String>,
}

/// A conversation with a page of its messages.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConversationDetail {
    /// The conversation.
    pub conversation: ConversationView,
    /// Messages, oldest first (the newest page unless `before` is given).
    pub messages: Vec<MessageView>,
    /// Cursor for older messages (`before`).
    #[schema(format = Uuid)]
    pub next: Option<String>,
}

/// A whole turn (the JSON answer of `POST …/messages`).
#[derive(Debug, Serialize, ToSchema)]
pub struct TurnView {
    /// The learner's stored message (absent on a retry).
    pub message: Option<MessageView>,
    /// The tutor's stored answer (status says whether it is complete).
    pub answer: MessageView,
}

/// `POST /chat/conversations`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateConversationBody {
    /// A title (1–120 characters); made from the first message when absent.
    pub title: Option<String>,
    /// The exercise to talk about.
    #[schema(format = Uuid)]
    pub exercise_id: Option<String>,
}

/// `PATCH /chat/conversations/{id}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RenameBody {
    /// The new title (1–120 characters).
    pub title: String,
}

/// `POST /chat/conversations/{id}/messages`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageBody {
    /// The learner's message (control characters are removed; at most `chat.max_message_chars`).
    pub content: String,
}

/// Paging.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ChatPageQuery {
    /// Cursor: the `next` value of the previous page.
    pub before: Option<uuid::Uuid>,
    /// Page size, 1–100 (default 20, 50 for messages).
    pub limit: Option<u32>,
}

fn conversation_id(raw: &str) -> Result<ConversationId, ApiError> {
    raw.parse::<ConversationId>()
        .map_err(|_| ApiError::not_found().detail("No such conversation."))
}

impl From<ChatError> for ApiError {
    fn from(e: ChatError) -> Self {
        match e {
            ChatError::NotFound => Self::not_found().detail("No such conversation."),
            ChatError::Title(e) => FieldErrors::one("title", e),
            ChatError::TooMany(_) => Self::new(
                StatusCode::CONFLICT,
                "too-many-conversations",
                "Too many conversations",
            )
            .detail(e.to_string()),
            ChatError::Unexpected(e) => Self::internal(e),
        }
    }
}

/// The 503 of every model feature when no provider is configured.
pub fn llm_unavailable() -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "llm-unavailable",
        "The tutor is not available on this server",
    )
    .detail(format!(
        "No language model is configured. An operator can {}.",
        crate::config::LLM_HOW_TO_CONFIGURE
    ))
}

/// The 503 of a model feature when no provider answered.
pub fn llm_failed() -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "llm-failed",
        "The tutor could not answer",
    )
    .detail("No language-model provider answered in time. Nothing was recorded; try again.")
    .retry_after(5)
}

/// The answer to a failed AI hint or feedback.
pub fn assist_error(e: mentor_tutoring::AssistError) -> ApiError {
    use mentor_tutoring::{AssistError, Refusal};
    match e {
        AssistError::Refused(Refusal::Unavailable) => llm_unavailable(),
        AssistError::Refused(Refusal::Limited {
            reason,
            retry_after,
        }) => tutor_limited(reason, retry_after),
        AssistError::Refused(Refusal::UnknownExercise) => {
            ApiError::not_found().detail("No such exercise.")
        }
        AssistError::NoSuchSubmission => ApiError::not_found().detail("No such submission."),
        AssistError::NoFeedback(why) => ApiError::new(
            StatusCode::CONFLICT,
            "no-feedback",
            "No feedback for this submission",
        )
        .detail(why),
        AssistError::Refused(Refusal::Unexpected(e)) => ApiError::internal(e),
        AssistError::Failed(e) => {
            tracing::warn!(error = %e, "no AI answer: the model did not answer");
            llm_failed()
        }
    }
}

/// The 429 of a tutor limit (rate, budget, open streams).
pub fn tutor_limited(reason: &str, retry_after: Duration) -> ApiError {
    let seconds = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "tutor-limit",
        "Tutor limit reached",
    )
    .detail(format!("{reason} Try again in {seconds} second(s)."))
    .retry_after(seconds.max(1))
}

impl From<SendError> for ApiError {
    fn from(e: SendError) -> Self {
        match e {
            SendError::NotFound => Self::not_found().detail("No such conversation."),
            SendError::Text(e) => FieldErrors::one(
                "content",
                match e {
                    TextError::Empty => "must not be empty".to_owned(),
                    TextError::TooLong { .. } => e.to_string(),
                },
            ),
            SendError::NothingToRetry => Self::new(
                StatusCode::CONFLICT,
                "nothing-to-retry",
                "Nothing to answer again",
            )
            .detail("The last message already has a complete answer."),
            SendError::Busy => Self::new(
                StatusCode::CONFLICT,
                "turn-in-progress",
                "An answer is still streaming",
            )
            .detail(
                "Wait for the answer in this conversation to finish, then send the next message.",
            ),
            SendError::Refused(TutorRefusal::Unavailable) => llm_unavailable(),
            SendError::Refused(TutorRefusal::Limited {
                reason,
                retry_after,
            }) => tutor_limited(&reason, retry_after),
            SendError::Refused(TutorRefusal::UnknownExercise) => Self::new(
                StatusCode::CONFLICT,
                "exercise-unavailable",
                "The exercise is gone",
            )
            .detail("This conversation's exercise no longer exists; start a new conversation."),
            SendError::Refused(TutorRefusal::Unexpected(e)) | SendError::Unexpected(e) => {
                Self::internal(e)
            }
        }
    }
}

/// Starts a conversation.
#[utoipa::path(post, path = "/api/v1/chat/conversations", tag = "chat",
    request_body = CreateConversationBody,
    responses(
        (status = 201, description = "Started", body = ConversationView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Address not verified", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Too many conversations", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad title or unknown exercise", body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    state: web::Data<AppState>,
    user: VerifiedUser,
    body: web::Json<CreateConversationBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let exercise = match body.exercise_id.as_deref() {
        None => None,
        Some(raw) => {
            let found = match raw.parse::<ExerciseId>() {
                Ok(id) => state.exercises.get(id).await.map_err(ApiError::internal)?,
                Err(_) => None,
            };
            let Some(found) = found else {
                return Err(FieldErrors::one("exercise_id", "no such exercise"));
            };
            Some(found.id)
        }
    };
    let conversation = state
        .chat
        .create(user.user.id, body.title.as_deref(), exercise)
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/chat/conversations/{}", conversation.id),
        ))
        .json(ConversationView::from(&conversation)))
}

/// My conversations, newest first.
#[utoipa::path(get, path = "/api/v1/chat/conversations", tag = "chat",
    params(ChatPageQuery),
    responses(
        (status = 200, description = "A page", body = ConversationsPage),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Address not verified", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad limit", body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    state: web::Data<AppState>,
    user: VerifiedUser,
    query: web::Query<ChatPageQuery>,
) -> Result<HttpResponse, ApiError> {
    let limit = FieldErrors::within("limit", query.limit.unwrap_or(20), 1..=100)?;
    let found = state
        .chat
        .list(
            user.user.id,
            query.before.map(ConversationId::from_uuid),
            limit + 1,
        )
        .await?;
    let more = found.len() > limit as usize;
    let page: Vec<&Conversation> = found.iter().take(limit as usize).collect();
    Ok(HttpResponse::Ok().json(ConversationsPage {
        next: if more {
            page.last().map(|c| c.id.to_string())
        } else {
            None
        },
        conversations: page.into_iter().map(ConversationView::from).collect(),
    }))
}

/// One conversation with its newest messages (or older ones with `before`).
#[utoipa::path(get, path = "/api/v1/chat/conversations/{id}", tag = "chat",
    params(("id" = String, Path, format = Uuid, description = "Conversation id"), ChatPageQuery),
    responses(
        (status = 200, description = "The conversation", body = ConversationDetail),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Address not verified", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such conversation (or another learner's)", body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    state: web::Data<AppState>,
    user: VerifiedUser,
    path: web::Path<String>,
    query: web::Query<ChatPageQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = conversation_id(&path)?;
    let limit = FieldErrors::within("limit", query.limit.unwrap_or(50), 1..=100)?;
    let conversation = state.chat.get(user.user.id, id).await?;
    let mut found = state
        .chat
        .messages(
            user.user.id,
            id,
            query.before.map(MessageId::from_uuid),
            limit + 1,
        )
        .await?;
    let more = found.len() > limit as usize;
    found.truncate(limit as usize);
    let next = if more {
        found.last().map(|m| m.id.to_string())
    } else {
        None
    };
    found.reverse();
    Ok(HttpResponse::Ok().json(ConversationDetail {
        conversation: ConversationView::from(&conversation),
        messages: found.iter().map(MessageView::from).collect(),
        next,
    }))
}

/// Renames a conversation.
#[utoipa::path(patch, path = "/api/v1/chat/conversations/{id}", tag = "chat",
    params(("id" = String, Path, format = Uuid, description = "Conversation id")),
    request_body = RenameBody,
    responses(
        (status = 200, description = "Renamed", body = ConversationView),
        (status = 404, description = "No such conversation", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad title", body = Problem, content_type = "application/problem+json")))]
pub async fn rename(
    state: web::Data<AppState>,
    user: VerifiedUser,
    path: web::Path<String>,
    body: web::Json<RenameBody>,
) -> Result<HttpResponse, ApiError> {
    let id = conversation_id(&path)?;
    let conversation = state.chat.rename(user.user.id, id, &body.title).await?;
    Ok(HttpResponse::Ok().json(ConversationView::from(&conversation)))
}

/// Deletes a conversation and its messages.
#[utoipa::path(delete, path = "/api/v1/chat/conversations/{id}", tag = "chat",
    params(("id" = String, Path, format = Uuid, description = "Conversation id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such conversation", body = Problem, content_type = "application/problem+json")))]
pub async fn delete(
    state: web::Data<AppState>,
    user: VerifiedUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = conversation_id(&path)?;
    state.chat.delete(user.user.id, id).await?;
    Ok(HttpResponse::NoContent().finish())
}

fn wants_events(req: &HttpRequest) -> bool {
    req.headers()
        .get_all(ACCEPT)
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains("text/event-stream"))
}

/// A turn's event on the wire.
fn encode(event: &TurnEvent) -> web::Bytes {
    match event {
        TurnEvent::Accepted(m) => sse_event("message", &MessageView::from(m)),
        TurnEvent::Delta(text) => sse_event("delta", &serde_json::json!({ "text": text })),
        TurnEvent::Usage {
            prompt_tokens,
            completion_tokens,
        } => sse_event(
            "usage",
            &serde_json::json!({ "prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens }),
        ),
        TurnEvent::Done(m) => sse_event("done", &MessageView::from(m)),
        TurnEvent::Failed(m) => sse_event(
            "error",
            &serde_json::json!({ "detail": m.content, "retryable": true, "message": MessageView::from(m) }),
        ),
    }
}

/// Counts an open chat stream in `mentor_chat_open_streams` while it lives.
#[derive(Debug)]
struct OpenStream;

impl OpenStream {
    fn new() -> Self {
        metrics::gauge!("mentor_chat_open_streams").increment(1.0);
        Self
    }
}

impl Drop for OpenStream {
    fn drop(&mut self) {
        metrics::gauge!("mentor_chat_open_streams").decrement(1.0);
    }
}

/// Streams `turn` as SSE with heartbeats, or collects it into one JSON answer.
async fn respond(
    state: &AppState,
    req: &HttpRequest,
    mut turn: mentor_chat::TurnStream,
) -> Result<HttpResponse, ApiError> {
    if wants_events(req) {
        let heartbeat = state.chat_heartbeat;
        let open = OpenStream::new();
        let events = futures_util::stream::unfold(
            (turn, open),
            move |(mut turn, open)| async move {
                tokio::select! {
                    event = turn.next() => event.map(|e| (Ok::<_, actix_web::Error>(encode(&e)), (turn, open))),
                    () = tokio::time::sleep(heartbeat) => {
                        Some((Ok(web::Bytes::from_static(b": heartbeat\n\n")), (turn, open)))
                    }
                }
            },
        );
        return Ok(HttpResponse::Ok()
            .content_type("text/event-stream")
            .insert_header((CACHE_CONTROL, "no-store"))
            .insert_header(("X-Accel-Buffering", "no"))
            .streaming(events));
    }
    let mut message = None;
    while let Some(event) = turn.next().await {
        match event {
            TurnEvent::Accepted(m) => message = Some(MessageView::from(&m)),
            TurnEvent::Done(m) | TurnEvent::Failed(m) => {
                return Ok(HttpResponse::Ok().json(TurnView {
                    message,
                    answer: MessageView::from(&m),
                }));
            }
            TurnEvent::Delta(_) | TurnEvent::Usage { .. } => {}
        }
    }
    Err(ApiError::internal(anyhow::anyhow!(
        "the turn ended without an answer"
    )))
}

/// Sends a message and gets the tutor's answer: as Server-Sent Events with
/// `Accept: text/event-stream` (`message` — the stored learner message, `delta` — more text,
/// `usage`, then `done` — the stored answer, or `error` — the stored failure, retryable), or
/// as one JSON document otherwise. The learner's message is stored before the model is asked;
/// a failed answer is stored as failed and can be retried.
#[utoipa::path(post, path = "/api/v1/chat/conversations/{id}/messages", tag = "chat",
    params(("id" = String, Path, format = Uuid, description = "Conversation id")),
    request_body = MessageBody,
    responses(
        (status = 200, description = "The turn (JSON, or an event stream with Accept: text/event-stream)", body = TurnView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Address not verified", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such conversation (or another learner's)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty or too long", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "A tutor limit (rate, daily budget, open answers); see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "No language model is configured", body = Problem, content_type = "application/problem+json")))]
pub async fn send(
    state: web::Data<AppState>,
    user: VerifiedUser,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<MessageBody>,
) -> Result<HttpResponse, ApiError> {
    let id = conversation_id(&path)?;
    let turn = state.chat.send(user.user.id, id, &body.content).await?;
    respond(&state, &req, turn).await
}

/// Answers the last message again after a failed or interrupted answer (same responses as
/// sending a message).
#[utoipa::path(post, path = "/api/v1/chat/conversations/{id}/retry", tag = "chat",
    params(("id" = String, Path, format = Uuid, description = "Conversation id")),
    responses(
        (status = 200, description = "The new answer", body = TurnView),
        (status = 404, description = "No such conversation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The last message already has a complete answer", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "A tutor limit", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "No language model is configured", body = Problem, content_type = "application/problem+json")))]
pub async fn retry(
    state: web::Data<AppState>,
    user: VerifiedUser,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = conversation_id(&path)?;
    let turn = state.chat.retry(user.user.id, id).await?;
    respond(&state, &req, turn).await
}

/// Usage totals.
#[derive(Debug, Serialize, ToSchema)]
pub struct TotalsView {
    /// Model calls.
    pub requests: u64,
    /// Prompt tokens.
    pub prompt_tokens: u64,
    /// Completion tokens.
    pub completion_tokens: u64,
    /// Cost in millionths of the price table's unit.
    pub cost_micros: u64,
}

impl From<mentor_tutoring::UsageTotals> for TotalsView {
    fn from(t: mentor_tutoring::UsageTotals) -> Self {
        Self {
            requests: t.requests,
            prompt_tokens: t.prompt_tokens,
            completion_tokens: t.completion_tokens,
            cost_micros: t.cost_micros,
        }
    }
}

/// One day's usage.
#[derive(Debug, Serialize, ToSchema)]
pub struct DayUsageView {
    /// The learner (admin view only).
    #[schema(format = Uuid)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// The UTC day.
    pub day: String,
    /// Totals.
    #[serde(flatten)]
    pub totals: TotalsView,
}

/// My tutor usage.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyUsageView {
    /// Today (UTC).
    pub today: TotalsView,
    /// Today's token budget.
    pub daily_token_budget: u64,
    /// Tokens left today.
    pub remaining_tokens: u64,
    /// The last 30 days with usage, oldest first.
    pub days: Vec<DayUsageView>,
}

/// My tutor usage: today against the budget, and the last 30 days.
#[utoipa::path(get, path = "/api/v1/me/usage", tag = "chat",
    responses(
        (status = 200, description = "Usage", body = MyUsageView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Address not verified", body = Problem, content_type = "application/problem+json")))]
pub async fn my_usage(
    state: web::Data<AppState>,
    user: VerifiedUser,
) -> Result<HttpResponse, ApiError> {
    let today = state.tutor.today();
    let from = today - time::Duration::days(29);
    let days = state
        .usage
        .days(user.user.id, from, today)
        .await
        .map_err(ApiError::internal)?;
    let totals = days
        .iter()
        .find(|d| d.day == today)
        .map(|d| d.totals)
        .unwrap_or_default();
    let budget = state
        .tutor
        .daily_budget(crate::tutoring::tier(&user.user.roles).as_str());
    Ok(HttpResponse::Ok().json(MyUsageView {
        today: totals.into(),
        daily_token_budget: budget,
        remaining_tokens: budget.saturating_sub(totals.tokens()),
        days: days
            .into_iter()
            .map(|d| DayUsageView {
                user_id: None,
                day: d.day.to_string(),
                totals: d.totals.into(),
            })
            .collect(),
    }))
}

/// `GET /admin/usage` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct UsageQuery {
    /// First UTC day (YYYY-MM-DD; default 6 days before `to`).
    pub from: Option<String>,
    /// Last UTC day (default today).
    pub to: Option<String>,
    /// Rows, 1–1000 (default 200).
    pub limit: Option<u32>,
}

/// Usage per learner and UTC day: newest day first, then highest cost.
#[utoipa::path(get, path = "/api/v1/admin/usage", tag = "admin",
    params(UsageQuery),
    responses(
        (status = 200, description = "Rows", body = [DayUsageView]),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad dates or limit", body = Problem, content_type = "application/problem+json")))]
pub async fn admin_usage(
    state: web::Data<AppState>,
    _admin: AdminUser,
    query: web::Query<UsageQuery>,
) -> Result<HttpResponse, ApiError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let mut errors = FieldErrors::default();
    let to = match &query.to {
        None => Some(time::OffsetDateTime::now_utc().date()),
        Some(raw) => errors.take(
            "to",
            time::Date::parse(raw, &format).map_err(|_| "must be a date like 2026-11-23"),
        ),
    };
    let from = match &query.from {
        None => to.map(|to| to - time::Duration::days(6)),
        Some(raw) => errors.take(
            "from",
            time::Date::parse(raw, &format).map_err(|_| "must be a date like 2026-11-23"),
        ),
    };
    if let (Some(from), Some(to)) = (from, to)
        && (from > to || (to - from).whole_days() > 366)
    {
        errors.add(
            "from",
            "must be on or before `to`, at most 366 days before it",
        );
    }
    errors.finish()?;
    let limit = FieldErrors::within("limit", query.limit.unwrap_or(200), 1..=1000)?;
    let (Some(from), Some(to)) = (from, to) else {
        return Err(ApiError::internal(anyhow::anyhow!(
            "validated dates missing"
        )));
    };
    let rows = state
        .usage
        .all_days(from, to, limit)
        .await
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().json(
        rows.into_iter()
            .map(|d| DayUsageView {
                user_id: Some(d.user.to_string()),
                day: d.day.to_string(),
                totals: d.totals.into(),
            })
            .collect::<Vec<_>>(),
    ))
}
