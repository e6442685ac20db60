//! Progress: today's exercise (fixed for the learner's calendar day in their time zone, one
//! skip a day), recommendations with reasons, statistics, the activity heat map, the history
//! of graded attempts, export, and notifications. Every route needs a verified address and
//! shows only the signed-in learner's own data.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpResponse, web};
use mentor_progress::{
    ActivityError, AttemptRecord, Daily, DailyError, DayActivity, ExerciseInfo, Notification,
    ProgressSummary, SkipError, Suggestion, achievements, export::history_csv,
};
use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::ToSchema;

use super::extract::VerifiedUser;
use super::problem::{ApiError, FieldErrors, Problem};
use super::state::AppState;
use super::submissions::rfc3339;

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// An exercise, briefly.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExerciseRef {
    /// Id.
    #[schema(value_type = String, format = Uuid)]
    pub id: uuid::Uuid,
    /// Slug.
    pub slug: String,
    /// Title.
    pub title: String,
    /// `python` or `javascript`.
    pub language: &'static str,
    /// 1–5.
    pub difficulty: u8,
    /// Topics.
    pub topics: Vec<&'static str>,
}

impl From<&ExerciseInfo> for ExerciseRef {
    fn from(e: &ExerciseInfo) -> Self {
        Self {
            id: e.id.as_uuid(),
            slug: e.slug.clone(),
            title: e.title.clone(),
            language: e.language.as_str(),
            difficulty: e.difficulty.get(),
            topics: e.topics.iter().map(|t| t.as_str()).collect(),
        }
    }
}

/// Today's exercise.
#[derive(Debug, Serialize, ToSchema)]
pub struct DailyView {
    /// The learner's calendar day (`YYYY-MM-DD`) in `time_zone`.
    pub day: String,
    /// The profile's time zone.
    pub time_zone: String,
    /// The exercise.
    pub exercise: ExerciseRef,
    /// Why it was chosen.
    pub reason: String,
    /// Predicted chance of passing at the first try, 0–1.
    pub predicted_success: f64,
    /// Whether the learner has solved it.
    pub solved: bool,
    /// The exercise it replaced, when skipped today.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub skipped_exercise_id: Option<uuid::Uuid>,
    /// Whether `POST /me/daily/skip` is still possible today.
    pub can_skip: bool,
}

impl From<&Daily> for DailyView {
    fn from(d: &Daily) -> Self {
        Self {
            day: d.day.to_string(),
            time_zone: d.zone.clone(),
            exercise: ExerciseRef::from(&d.exercise),
            reason: d.reason.clone(),
            predicted_success: round(d.predicted, 2),
            solved: d.solved,
            skipped_exercise_id: d.skipped.map(|e| e.as_uuid()),
            can_skip: d.skipped.is_none(),
        }
    }
}

fn nothing_available() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "no-exercise-available",
        "No exercise available",
    )
    .detail("The catalog has no exercise in your languages. Add a language in your profile.")
}

impl From<DailyError> for ApiError {
    fn from(e: DailyError) -> Self {
        match e {
            DailyError::NothingAvailable => nothing_available(),
            DailyError::Unexpected(e) => Self::internal(e),
        }
    }
}

impl From<SkipError> for ApiError {
    fn from(e: SkipError) -> Self {
        match e {
            SkipError::AlreadySkipped => Self::new(
                StatusCode::CONFLICT,
                "daily-skip-used",
                "Today's exercise was skipped already",
            )
            .detail("The daily exercise can be swapped once a day. Tomorrow brings a new one."),
            SkipError::NothingElse => nothing_available()
                .detail("There is no other exercise in your languages to swap to."),
            SkipError::Unexpected(e) => Self::internal(e),
        }
    }
}

/// Today's exercise: chosen on the first request of the learner's day, then fixed.
#[utoipa::path(get, path = "/api/v1/me/daily", tag = "progress",
    responses(
        (status = 200, description = "Today's exercise", body = DailyView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Address not verified", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No exercise in the learner's languages", body = Problem, content_type = "application/problem+json")))]
pub async fn daily(
    state: web::Data<AppState>,
    user: VerifiedUser,
) -> Result<HttpResponse, ApiError> {
    let daily = state.progress.daily(user.user.id).await?;
    Ok(HttpResponse::Ok().json(DailyView::from(&daily)))
}

/// Swaps today's exercise for the next best one (once a day). Skipping an exercise the
/// learner failed and has not solved counts as giving it up.
#[utoipa::path(post, path = "/api/v1/me/daily/skip", tag = "progress",
    params(("X-CSRF-Token" = String, Header, description = "The CSRF token")),
    responses(
        (status = 200, description = "The new exercise for today", body = DailyView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Address not verified, or CSRF check failed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No other exercise to swap to", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Skipped already today", body = Problem, content_type = "application/problem+json")))]
pub async fn skip_daily(
    state: web::Data<AppState>,
    user: VerifiedUser,
) -> Result<HttpResponse, ApiError> {
    let daily = state.progress.skip_daily(user.user.id).await?;
    Ok(HttpResponse::Ok().json(DailyView::from(&daily)))
}

/// One recommended exercise.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecommendationView {
    /// The exercise.
    pub exercise: ExerciseRef,
    /// Why, e.g. "review: recursion, last solved 9 days ago".
    pub reason: String,
    /// Predicted chance of passing at the first try, 0–1.
    pub predicted_success: f64,
    /// A spaced review of a weak topic.
    pub review: bool,
}

impl From<&Suggestion> for RecommendationView {
    fn from(s: &Suggestion) -> Self {
        Self {
            exercise: ExerciseRef::from(&s.exercise),
            reason: s.reason.clone(),
            predicted_success: round(s.predicted, 2),
            review: s.review,
        }
    }
}

/// Recommendations.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecommendationsView {
    /// Best first.
    pub recommendations: Vec<RecommendationView>,
}

/// `GET /me/recommendations` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct RecommendationsQuery {
    /// How many, 1–20 (default 5).
    pub limit: Option<usize>,
}

/// The next few exercises, best first, each with its reason (today's exercise left out).
#[utoipa::path(get, path = "/api/v1/me/recommendations", tag = "progress",
    params(RecommendationsQuery),
    responses(
        (status = 200, description = "Recommendations", body = RecommendationsView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Address not verified", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`limit` out of range", body = Problem, content_type = "application/problem+json")))]
pub async fn recommendations(
    state: web::Data<AppState>,
    user: VerifiedUser,
    query: web::Query<RecommendationsQuery>,
) -> Result<HttpResponse, ApiError> {
    let limit = FieldErrors::within("limit", query.limit.unwrap_or(5), 1..=20)?;
    let found = state
        .progress
        .recommendations(user.user.id, limit)
        .await
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().json(RecommendationsView {
        recommendations: found.iter().map(RecommendationView::from).collect(),
    }))
}

/// A topic's rating.
#[derive(Debug, Serialize, ToSchema)]
pub struct TopicRatingView {
    /// The topic.
    pub topic: &'static str,
    /// The rating (about 800 for first steps, 1600 for difficulty 5).
    pub rating: f64,
    /// Exercises that counted.
    pub games: u32,
    /// Change over the last 7 days.
    pub trend_7d: f64,
}

/// Solved counts.
#[derive(Debug, Serialize, ToSchema)]
pub struct SolvedView {
    /// Exercises solved.
    pub total: u32,
    /// Per difficulty (`"1"`–`"5"`).
    pub by_difficulty: BTreeMap<String, u32>,
    /// Per language.
    pub by_language: BTreeMap<String, u32>,
}

/// Streaks.
#[derive(Debug, Serialize, ToSchema)]
pub struct StreakView {
    /// Days in the streak alive today (0 when broken).
    pub current: u32,
    /// The longest streak.
    pub longest: u32,
    /// Freeze days banked (one earned per week with 3 active days; bridges one missed day).
    pub freezes: u32,
    /// Whether today counts already.
    pub today_done: bool,
}

/// An earned achievement.
#[derive(Debug, Serialize, ToSchema)]
pub struct AchievementView {
    /// Stable code, e.g. `streak-7`.
    pub code: &'static str,
    /// Title.
    pub title: &'static str,
    /// How it is earned.
    pub description: &'static str,
    /// When it was earned (RFC 3339).
    pub earned_at: String,
}

/// The learner's statistics.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressView {
    /// The zone calendar days are counted in.
    pub time_zone: String,
    /// The learner's day today.
    pub today: String,
    /// Ratings per topic, best first.
    pub ratings: Vec<TopicRatingView>,
    /// Solved counts.
    pub solved: SolvedView,
    /// Graded submissions.
    pub submissions: u32,
    /// Streaks.
    pub streak: StreakView,
    /// Earned achievements, oldest first.
    pub achievements: Vec<AchievementView>,
    /// How many achievements exist.
    pub achievements_available: usize,
    /// Seconds from first submission to solve, summed over solved exercises.
    pub time_spent_secs: u64,
}

impl From<&ProgressSummary> for ProgressView {
    fn from(s: &ProgressSummary) -> Self {
        Self {
            time_zone: s.zone.clone(),
            today: s.today.to_string(),
            ratings: s
                .ratings
                .iter()
                .map(|r| TopicRatingView {
                    topic: r.topic.as_str(),
                    rating: round(r.rating, 0),
                    games: r.games,
                    trend_7d: round(r.trend_7d, 0),
                })
                .collect(),
            solved: SolvedView {
                total: s.solved_total,
                by_difficulty: s
                    .solved_by_difficulty
                    .iter()
                    .map(|(d, n)| (d.to_string(), *n))
                    .collect(),
                by_language: s.solved_by_language.clone(),
            },
            submissions: s.submissions,
            streak: StreakView {
                current: s.streaks.current,
                longest: s.streaks.longest,
                freezes: s.streaks.freezes,
                today_done: s.streaks.today_done,
            },
            achievements: s
                .achievements
                .iter()
                .map(|e| AchievementView {
                    code: e.achievement.code,
                    title: e.achievement.title,
                    description: e.achievement.description,
                    earned_at: rfc3339(e.earned_at),
                })
                .collect(),
            achievements_available: achievements::ALL.len(),
            time_spent_secs: s.time_spent.as_secs(),
        }
    }
}

/// Ratings per topic, solved counts, streaks, achievements and time spent.
#[utoipa::path(get, path = "/api/v1/me/progress", tag = "progress",
    responses(
        (status = 200, description = "Statistics", body = ProgressView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Address not verified", body = Problem, content_type = "application/problem+json")))]
pub async fn summary(
    state: web::Data<AppState>,
    user: VerifiedUser,
) -> Result<HttpResponse, ApiError> {
    let summary = state
        .progress
        .summary(user.user.id)
        .await
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().json(ProgressView::from(&summary)))
}

/// One day of the heat map.
#[derive(Debug, Serialize, ToSchema)]
pub struct DayView {
    /// The learner's day, `YYYY-MM-DD`.
    pub day: String,
    /// Graded submissions.
    pub submissions: u32,
    /// Passed ones.
    pub passed: u32,
}

impl From<&DayActivity> for DayView {
    fn from(d: &DayActivity) -> Self {
        Self {
            day: d.day.to_string(),
            submissions: d.submissions,
            passed: d.passed,
        }
    }
}

/// Per-day counts.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityView {
    /// First day.
    pub from: String,
    /// Last day.
    pub to: String,
    /// The zone days are counted in.
    pub time_zone: String,
    /// Days with activity, ascending (days without are left out).
    pub days: Vec<DayView>,
}

/// `GET /me/activity` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ActivityQuery {
    /// First day, `YYYY-MM-DD` (default: 364 days before `to`).
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD` (default: the learner's today).
    pub to: Option<String>,
}

fn parse_day(errors: &mut FieldErrors, field: &str, raw: Option<&str>) -> Option<Date> {
    let raw = raw?;
    let format = time::macros::format_description!("[year]-[month]-[day]");
    errors.take(
        field,
        Date::parse(raw, format).map_err(|_| "must be a date like 2026-03-31"),
    )
}

/// Per-day counts of graded submissions in the learner's calendar, for a heat map (at most
/// 366 days).
#[utoipa::path(get, path = "/api/v1/me/activity", tag = "progress",
    params(ActivityQuery),
    responses(
        (status = 200, description = "Per-day counts", body = ActivityView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Address not verified", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad date, or a range backwards or longer than 366 days", body = Problem, content_type = "application/problem+json")))]
pub async fn activity(
    state: web::Data<AppState>,
    user: VerifiedUser,
    query: web::Query<ActivityQuery>,
) -> Result<HttpResponse, ApiError> {
    let mut errors = FieldErrors::default();
    let from = parse_day(&mut errors, "from", query.from.as_deref());
    let to = parse_day(&mut errors, "to", query.to.as_deref());
    errors.finish()?;
    let (today, zone) = state
        .progress
        .today(user.user.id)
        .await
        .map_err(ApiError::internal)?;
    let to = to.unwrap_or(today);
    let from = from.unwrap_or_else(|| {
        to.checked_sub(time::Duration::days(364))
            .unwrap_or(Date::MIN)
    });
    let days = match state.progress.activity(user.user.id, from, to).await {
        Ok(days) => days,
        Err(ActivityError::BadRange) => {
            return Err(ApiError::validation(BTreeMap::from([(
                "from".to_owned(),
                vec![
                    "must be on or before `to`, and at most 365 days before it (366 days in all)"
                        .to_owned(),
                ],
            )])));
        }
        Err(ActivityError::Unexpected(e)) => return Err(ApiError::internal(e)),
    };
    Ok(HttpResponse::Ok().json(ActivityView {
        from: from.to_string(),
        to: to.to_string(),
        time_zone: zone,
        days: days.iter().map(DayView::from).collect(),
    }))
}

/// One history entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryEntryView {
    /// The submission (or, for `gave_up`, the entry's own id). Time-ordered.
    #[schema(value_type = String, format = Uuid)]
    pub id: uuid::Uuid,
    /// `graded` or `gave_up`.
    pub kind: &'static str,
    /// The exercise.
    #[schema(value_type = String, format = Uuid)]
    pub exercise_id: uuid::Uuid,
    /// `python` or `javascript`.
    pub language: &'static str,
    /// 1–5.
    pub difficulty: u8,
    /// Topics.
    pub topics: Vec<&'static str>,
    /// Whether it passed.
    pub passed: bool,
    /// The first pass of this exercise.
    pub first_solve: bool,
    /// Submissions of this exercise so far.
    pub attempts: u32,
    /// Hints revealed.
    pub hints_used: u32,
    /// Seconds from the first submission of the exercise to this one.
    pub time_spent_secs: u64,
    /// The learner's day.
    pub day: String,
    /// When (RFC 3339).
    pub at: String,
    /// How the learner's rating moved in each topic.
    pub rating_change: f64,
}

impl From<&AttemptRecord> for HistoryEntryView {
    fn from(a: &AttemptRecord) -> Self {
        Self {
            id: a.id,
            kind: a.kind.as_str(),
            exercise_id: a.exercise.as_uuid(),
            language: a.language.as_str(),
            difficulty: a.difficulty.get(),
            topics: a.topics.iter().map(|t| t.as_str()).collect(),
            passed: a.passed,
            first_solve: a.first_solve,
            attempts: a.attempts,
            hints_used: a.hints_used,
            time_spent_secs: a.time_spent.as_secs(),
            day: a.day.to_string(),
            at: rfc3339(a.at),
            rating_change: round(a.learner_delta, 1),
        }
    }
}

/// A page of history.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryPage {
    /// Newest first.
    pub entries: Vec<HistoryEntryView>,
    /// Pass as `before` for the next page; null on the last page.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub next: Option<uuid::Uuid>,
}

/// `GET /me/history` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct HistoryQuery {
    /// Cursor: the `next` value of the previous page.
    pub before: Option<uuid::Uuid>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<u64>,
}

/// The history of graded attempts (and give-ups) with their rating changes, newest first.
/// Pages are stable while new attempts arrive (the cursor is an id).
#[utoipa::path(get, path = "/api/v1/me/history", tag = "progress",
    params(HistoryQuery),
    responses(
        (status = 200, description = "A page of history", body = HistoryPage),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Address not verified", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`limit` out of range", body = Problem, content_type = "application/problem+json")))]
pub async fn history(
    state: web::Data<AppState>,
    user: VerifiedUser,
    query: web::Query<HistoryQuery>,
) -> Result<HttpResponse, ApiError> {
    let limit = FieldErrors::within("limit", query.limit.unwrap_or(20), 1..=100)?;
    let (entries, next) = state
        .progress
        .history(user.user.id, query.before, limit)
        .await
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().json(HistoryPage {
        entries: entries.iter().map(HistoryEntryView::from).collect(),
        next,
    }))
}

/// A daily pick, for export.
#[derive(Debug, Serialize, ToSchema)]
pub struct DailyPickView {
    /// The learner's day.
    pub day: String,
    /// The exercise.
    #[schema(value_type = String, format = Uuid)]
    pub exercise_id: uuid::Uuid,
    /// Why it was chosen.
    pub reason: String,
    /// The exercise it replaced, when skipped.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub skipped_exercise_id: Option<uuid::Uuid>,
}

/// Everything progress keeps about the learner.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportView {
    /// When the export was made (RFC 3339).
    pub generated_at: String,
    /// Statistics.
    pub progress: ProgressView,
    /// Every history entry, newest first.
    pub history: Vec<HistoryEntryView>,
    /// Every day with activity.
    pub activity: Vec<DayView>,
    /// Every daily exercise.
    pub daily: Vec<DailyPickView>,
}

/// `GET /me/progress/export` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    /// `json` (default: everything) or `csv` (the history, one row per entry).
    pub format: Option<String>,
}

/// Downloads everything progress keeps about the learner: JSON (statistics, history,
/// activity, daily exercises) or CSV (the history).
#[utoipa::path(get, path = "/api/v1/me/progress/export", tag = "progress",
    params(ExportQuery),
    responses(
        (status = 200, description = "An attachment: application/json or text/csv", body = ExportView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Address not verified", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown format", body = Problem, content_type = "application/problem+json")))]
pub async fn export(
    state: web::Data<AppState>,
    user: VerifiedUser,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let format = query.format.as_deref().unwrap_or("json");
    if !matches!(format, "json" | "csv") {
        let mut errors = FieldErrors::default();
        errors.add("format", "must be json or csv");
        errors.finish()?;
    }
    let export = state
        .progress
        .export(user.user.id)
        .await
        .map_err(ApiError::internal)?;
    let now = time::OffsetDateTime::now_utc();
    let filename = format!("mentor-progress-{}.{format}", export.summary.today);
    let disposition = (
        CONTENT_DISPOSITION,
        format!("attachment; filename=\"{filename}\""),
    );
    if format == "csv" {
        return Ok(HttpResponse::Ok()
            .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
            .insert_header(disposition)
            .body(history_csv(&export.history)));
    }
    Ok(HttpResponse::Ok()
        .insert_header(disposition)
        .json(ExportView {
            generated_at: rfc3339(now),
            progress: ProgressView::from(&export.summary),
            history: export.history.iter().map(HistoryEntryView::from).collect(),
            activity: export.activity.iter().map(DayView::from).collect(),
            daily: export
                .daily
                .iter()
                .map(|p| DailyPickView {
                    day: p.day.to_string(),
                    exercise_id: p.exercise.as_uuid(),
                    reason: p.reason.clone(),
                    skipped_exercise_id: p.skipped.map(|e| e.as_uuid()),
                })
                .collect(),
        }))
}

/// A notification.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationView {
    /// Id.
    #[schema(value_type = String, format = Uuid)]
    pub id: uuid::Uuid,
    /// `achievement`.
    pub kind: String,
    /// The achievement's code.
    pub subject: String,
    /// A line to show, e.g. "Achievement earned: One week".
    pub title: String,
    /// When (RFC 3339).
    pub created_at: String,
    /// When the learner marked it read.
    pub read_at: Option<String>,
}

impl From<&Notification> for NotificationView {
    fn from(n: &Notification) -> Self {
        let title = achievements::find(&n.subject).map_or_else(
            || "Achievement earned".to_owned(),
            |a| format!("Achievement earned: {}", a.title),
        );
        Self {
            id: n.id,
            kind: n.kind.clone(),
            subject: n.subject.clone(),
            title,
            created_at: rfc3339(n.created_at),
            read_at: n.read_at.map(rfc3339),
        }
    }
}

/// Notifications.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationsView {
    /// Newest first.
    pub notifications: Vec<NotificationView>,
}

/// `GET /me/notifications` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct NotificationsQuery {
    /// Only unread ones.
    pub unread: Option<bool>,
    /// At most this many, 1–100 (default 20).
    pub limit: Option<u64>,
}

/// The learner's notifications (achievements earned), newest first.
#[utoipa::path(get, path = "/api/v1/me/notifications", tag = "progress",
    params(NotificationsQuery),
    responses(
        (status = 200, description = "Notifications", body = NotificationsView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Address not verified", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`limit` out of range", body = Problem, content_type = "application/problem+json")))]
pub async fn notifications(
    state: web::Data<AppState>,
    user: VerifiedUser,
    query: web::Query<NotificationsQuery>,
) -> Result<HttpResponse, ApiError> {
    let limit = FieldErrors::within("limit", query.limit.unwrap_or(20), 1..=100)?;
    let found = state
        .progress
        .notifications(user.user.id, query.unread.unwrap_or(false), limit)
        .await
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().json(NotificationsView {
        notifications: found.iter().map(NotificationView::from).collect(),
    }))
}

/// Marks one of the learner's notifications read.
#[utoipa::path(post, path = "/api/v1/me/notifications/{id}/read", tag = "progress",
    params(("id" = String, Path, format = Uuid, description = "Notification id"),
        ("X-CSRF-Token" = String, Header, description = "The CSRF token")),
    responses(
        (status = 204, description = "Marked read (or was already)"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Address not verified, or CSRF check failed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such notification of this learner", body = Problem, content_type = "application/problem+json")))]
pub async fn mark_read(
    state: web::Data<AppState>,
    user: VerifiedUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let not_found = || ApiError::not_found().detail("No such notification.");
    let id = path.parse::<uuid::Uuid>().map_err(|_| not_found())?;
    if state
        .progress
        .mark_read(user.user.id, id)
        .await
        .map_err(ApiError::internal)?
    {
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(not_found())
    }
}
