//! The learner's profile and onboarding.

use super::{AuthService, Principal};
use crate::model::{DisplayName, User};
use crate::profile::{Goals, Language, Level, Profile, TimeZoneName};

/// A whole new profile (`PUT` semantics), already validated.
#[derive(Debug, Clone)]
pub struct ProfileUpdate {
    /// Display name (stored with the account).
    pub display_name: DisplayName,
    /// Preferred languages.
    pub languages: Vec<Language>,
    /// Self-assessed level.
    pub level: Option<Level>,
    /// How much help the tutor gives.
    pub help: Option<mentor_kernel::HelpLevel>,
    /// Goals.
    pub goals: Goals,
    /// Planned minutes per week.
    pub weekly_minutes: Option<u16>,
    /// Time zone.
    pub time_zone: TimeZoneName,
}

/// Why onboarding could not be completed.
#[derive(Debug, thiserror::Error)]
pub enum OnboardingError {
    /// These profile fields must be filled in first.
    #[error("profile incomplete: {0:?}")]
    Incomplete(Vec<&'static str>),
    /// A port failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl AuthService {
    async fn account(&self, principal: &Principal) -> anyhow::Result<User> {
        self.ports
            .users
            .find_by_id(principal.user_id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("signed-in user {} not found", principal.user_id))
    }

    /// The signed-in user's account and profile (an empty profile before the first save).
    ///
    /// # Errors
    /// Only when a port fails.
    pub async fn profile(&self, principal: &Principal) -> anyhow::Result<(User, Profile)> {
        let user = self.account(principal).await?;
        let profile = self
            .ports
            .profiles
            .get(user.id)
            .await?
            .unwrap_or_else(|| Profile::empty(user.id, user.created_at));
        Ok((user, profile))
    }

    /// Replaces the signed-in user's profile (keeps the onboarding time).
    ///
    /// # Errors
    /// Only when a port fails.
    pub async fn update_profile(
        &self,
        principal: &Principal,
        update: ProfileUpdate,
    ) -> anyhow::Result<(User, Profile)> {
        let (mut user, current) = self.profile(principal).await?;
        let mut languages = update.languages;
        languages.sort();
        languages.dedup();
        let profile = Profile {
            user_id: user.id,
            languages,
            level: update.level,
            help: update.help,
            goals: update.goals,
            weekly_minutes: update.weekly_minutes,
            time_zone: update.time_zone,
            onboarded_at: current.onboarded_at,
            updated_at: self.ports.clock.now(),
        };
        if user.display_name != update.display_name {
            self.ports
                .users
                .set_display_name(user.id, &update.display_name)
                .await?;
            user.display_name = update.display_name;
        }
        self.ports.profiles.put(&profile).await?;
        Ok((user, profile))
    }

    /// Marks onboarding complete once languages and level are set (idempotent: the first
    /// completion time is kept).
    ///
    /// # Errors
    /// [`OnboardingError::Incomplete`], [`OnboardingError::Unexpected`].
    pub async fn complete_onboarding(
        &self,
        principal: &Principal,
    ) -> Result<(User, Profile), OnboardingError> {
        let (user, mut profile) = self.profile(principal).await?;
        let missing = profile.missing_for_onboarding();
        if !missing.is_empty() {
            return Err(OnboardingError::Incomplete(missing));
        }
        if profile.onboarded_at.is_none() {
            let now = self.ports.clock.now();
            profile.onboarded_at = Some(now);
            profile.updated_at = now;
            self.ports.profiles.put(&profile).await?;
        }
        Ok((user, profile))
    }
}
