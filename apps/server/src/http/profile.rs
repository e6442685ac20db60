//! The signed-in user's profile and onboarding.

use actix_web::{HttpResponse, web};
use mentor_auth::{
    DisplayName, Goals, Language, Level, OnboardingError, Profile, ProfileUpdate, TimeZoneName,
    User, profile::WEEKLY_MINUTES,
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::extract::Authenticated;
use super::problem::{ApiError, FieldErrors, Problem};
use super::state::AppState;

/// A profile.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProfileView {
    /// Display name.
    pub display_name: String,
    /// Preferred languages: `python`, `javascript`.
    pub languages: Vec<String>,
    /// `beginner`, `intermediate` or `advanced`.
    pub level: Option<String>,
    /// How much help the tutor gives: `nudge`, `pointer` or `guide` (null: `pointer`).
    pub help_level: Option<String>,
    /// Goals in the learner's words.
    pub goals: String,
    /// Planned minutes per week.
    pub weekly_minutes: Option<u16>,
    /// IANA time zone, e.g. `Europe/Berlin`.
    pub time_zone: String,
    /// When onboarding was completed.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub onboarded_at: Option<OffsetDateTime>,
}

impl ProfileView {
    fn new(user: &User, profile: &Profile) -> Self {
        Self {
            display_name: user.display_name.as_str().to_owned(),
            languages: profile
                .languages
                .iter()
                .map(|l| l.as_str().to_owned())
                .collect(),
            level: profile.level.map(|l| l.as_str().to_owned()),
            help_level: profile.help.map(|h| h.as_str().to_owned()),
            goals: profile.goals.as_str().to_owned(),
            weekly_minutes: profile.weekly_minutes,
            time_zone: profile.time_zone.as_str().to_owned(),
            onboarded_at: profile.onboarded_at,
        }
    }
}

/// A whole profile (every field; unknown fields are refused).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileBody {
    /// Display name, 1–64 characters.
    pub display_name: String,
    /// Preferred languages: `python`, `javascript`.
    pub languages: Vec<String>,
    /// `beginner`, `intermediate`, `advanced`, or null.
    pub level: Option<String>,
    /// How much help the tutor gives: `nudge`, `pointer`, `guide`, or null/absent (`pointer`).
    /// An exercise can allow less.
    #[serde(default)]
    pub help_level: Option<String>,
    /// Goals, at most 500 characters.
    #[serde(default)]
    pub goals: String,
    /// Planned minutes per week, 10–1200, or null.
    pub weekly_minutes: Option<u16>,
    /// IANA time zone, e.g. `Europe/Berlin`.
    pub time_zone: String,
}

impl ProfileBody {
    fn validate(self) -> Result<ProfileUpdate, ApiError> {
        let mut errors = FieldErrors::default();
        let display_name = errors.take("display_name", DisplayName::parse(&self.display_name));
        let mut languages = Vec::new();
        const MAX_LANGUAGES: usize = 8;
        if self.languages.len() > MAX_LANGUAGES {
            errors.add("languages", format!("at most {MAX_LANGUAGES} entries"));
        }
        for raw in self.languages.iter().take(MAX_LANGUAGES) {
            match Language::parse(raw) {
                Some(l) => languages.push(l),
                None => errors.add(
                    "languages",
                    format!("unknown language {raw:?} (python, javascript)"),
                ),
            }
        }
        let level = match self.level.as_deref() {
            Some(raw) => {
                let level = Level::parse(raw);
                if level.is_none() {
                    errors.add("level", "must be beginner, intermediate or advanced");
                }
                level
            }
            None => None,
        };
        let help = match self.help_level.as_deref() {
            Some(raw) => {
                let help = mentor_kernel::HelpLevel::parse(raw);
                if help.is_none() {
                    errors.add("help_level", "must be nudge, pointer or guide");
                }
                help
            }
            None => None,
        };
        let goals = errors.take("goals", Goals::parse(&self.goals));
        if self
            .weekly_minutes
            .is_some_and(|m| !WEEKLY_MINUTES.contains(&m))
        {
            errors.add("weekly_minutes", "must be between 10 and 1200");
        }
        let time_zone = errors.take("time_zone", TimeZoneName::parse(&self.time_zone));
        errors.finish()?;
        match (display_name, goals, time_zone) {
            (Some(display_name), Some(goals), Some(time_zone)) => Ok(ProfileUpdate {
                display_name,
                languages,
                level,
                help,
                goals,
                weekly_minutes: self.weekly_minutes,
                time_zone,
            }),
            _ => Err(ApiError::internal(anyhow::anyhow!(
                "validated fields missing"
            ))),
        }
    }
}

/// The signed-in user's profile.
#[utoipa::path(get, path = "/api/v1/me/profile", tag = "me",
    responses(
        (status = 200, description = "The profile", body = ProfileView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json")))]
pub async fn get_profile(
    state: web::Data<AppState>,
    auth: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let (user, profile) = state
        .auth
        .profile(&auth.0)
        .await
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().json(ProfileView::new(&user, &profile)))
}

/// Replaces the signed-in user's profile.
#[utoipa::path(put, path = "/api/v1/me/profile", tag = "me", request_body = ProfileBody,
    params(("X-CSRF-Token" = String, Header, description = "The CSRF token")),
    responses(
        (status = 200, description = "Saved", body = ProfileView),
        (status = 400, description = "Malformed body or unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "CSRF check failed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json")))]
pub async fn put_profile(
    state: web::Data<AppState>,
    auth: Authenticated,
    body: web::Json<ProfileBody>,
) -> Result<HttpResponse, ApiError> {
    let update = body.into_inner().validate()?;
    let (user, profile) = state
        .auth
        .update_profile(&auth.0, update)
        .await
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().json(ProfileView::new(&user, &profile)))
}

impl From<OnboardingError> for ApiError {
    fn from(e: OnboardingError) -> Self {
        match e {
            OnboardingError::Incomplete(missing) => {
                let mut errors = FieldErrors::default();
                for field in missing {
                    errors.add(field, "is required to finish onboarding");
                }
                errors.finish().err().unwrap_or_else(|| {
                    Self::internal(anyhow::anyhow!("incomplete profile without fields"))
                })
            }
            OnboardingError::Unexpected(e) => Self::internal(e),
        }
    }
}

/// Completes onboarding (needs languages and level in the profile).
#[utoipa::path(post, path = "/api/v1/me/onboarding", tag = "me",
    params(("X-CSRF-Token" = String, Header, description = "The CSRF token")),
    responses(
        (status = 200, description = "Onboarding complete", body = ProfileView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "CSRF check failed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Profile incomplete", body = Problem, content_type = "application/problem+json")))]
pub async fn complete_onboarding(
    state: web::Data<AppState>,
    auth: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let (user, profile) = state.auth.complete_onboarding(&auth.0).await?;
    Ok(HttpResponse::Ok().json(ProfileView::new(&user, &profile)))
}
