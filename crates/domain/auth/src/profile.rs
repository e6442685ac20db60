//! The learner's profile, filled in during onboarding: languages, self-assessed level, goals,
//! weekly time and time zone. The progress domain reads it later (the time zone decides
//! which calendar day a submission belongs to).

use async_trait::async_trait;
use mentor_kernel::UserId;
use time::OffsetDateTime;

pub use mentor_kernel::Language;

/// How experienced the learner says they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// New to programming.
    Beginner,
    /// Writes small programs.
    Intermediate,
    /// Comfortable; wants a challenge.
    Advanced,
}

impl Level {
    /// Every level.
    pub const ALL: [Self; 3] = [Self::Beginner, Self::Intermediate, Self::Advanced];

    /// The stored and serialised name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Beginner => "beginner",
            Self::Intermediate => "intermediate",
            Self::Advanced => "advanced",
        }
    }

    /// Parses a name.
    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.as_str() == raw)
    }
}

/// An IANA time-zone name known to the bundled time-zone database (`Europe/Berlin`, `UTC`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeZoneName(String);

/// Why a time-zone name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an IANA time-zone name such as Europe/Berlin or America/New_York")]
pub struct TimeZoneError;

impl TimeZoneName {
    /// Parses and checks a name against the time-zone database.
    ///
    /// # Errors
    /// [`TimeZoneError`] for anything that is not a known zone.
    pub fn parse(raw: &str) -> Result<Self, TimeZoneError> {
        let raw = raw.trim();
        if raw.is_empty() || raw.len() > 64 || raw.chars().any(char::is_control) {
            return Err(TimeZoneError);
        }
        jiff::tz::TimeZone::get(raw).map_err(|_| TimeZoneError)?;
        Ok(Self(raw.to_owned()))
    }

    /// `UTC`, the default before onboarding.
    #[must_use]
    pub fn utc() -> Self {
        Self("UTC".to_owned())
    }

    /// The name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Goals in the learner's words, at most [`Goals::MAX`] characters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Goals(String);

/// Why goals were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GoalsError {
    /// Longer than [`Goals::MAX`].
    #[error("must be at most 500 characters")]
    TooLong,
    /// Control characters other than line breaks and tabs.
    #[error("must not contain control characters")]
    ControlCharacters,
}

impl Goals {
    /// Longest accepted text, in characters.
    pub const MAX: usize = 500;

    /// Parses goals text (trimmed).
    ///
    /// # Errors
    /// [`GoalsError`].
    pub fn parse(raw: &str) -> Result<Self, GoalsError> {
        let raw = raw.trim();
        if raw.chars().count() > Self::MAX {
            return Err(GoalsError::TooLong);
        }
        if raw
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\t'))
        {
            return Err(GoalsError::ControlCharacters);
        }
        Ok(Self(raw.to_owned()))
    }

    /// The text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Weekly minutes the learner plans to spend: 10–1200.
pub const WEEKLY_MINUTES: std::ops::RangeInclusive<u16> = 10..=1200;

/// A learner's profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// Whose.
    pub user_id: UserId,
    /// Preferred languages, sorted, without duplicates.
    pub languages: Vec<Language>,
    /// Self-assessed level.
    pub level: Option<Level>,
    /// How much help the tutor gives (`None`: the default, pointers).
    pub help: Option<mentor_kernel::HelpLevel>,
    /// Goals.
    pub goals: Goals,
    /// Planned minutes per week.
    pub weekly_minutes: Option<u16>,
    /// Time zone for calendar days (streaks, the daily exercise).
    pub time_zone: TimeZoneName,
    /// When onboarding was completed.
    pub onboarded_at: Option<OffsetDateTime>,
    /// Last change.
    pub updated_at: OffsetDateTime,
}

impl Profile {
    /// The profile of someone who has not filled it in yet.
    #[must_use]
    pub fn empty(user_id: UserId, now: OffsetDateTime) -> Self {
        Self {
            user_id,
            languages: Vec::new(),
            level: None,
            help: None,
            goals: Goals::default(),
            weekly_minutes: None,
            time_zone: TimeZoneName::utc(),
            onboarded_at: None,
            updated_at: now,
        }
    }

    /// Fields onboarding still needs (`languages`, `level`).
    #[must_use]
    pub fn missing_for_onboarding(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.languages.is_empty() {
            missing.push("languages");
        }
        if self.level.is_none() {
            missing.push("level");
        }
        missing
    }
}

/// Stores profiles, one per user.
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait ProfileRepository: Send + Sync {
    /// The user's profile, or `None` before the first save.
    ///
    /// # Errors
    /// Storage failure, or a stored row that is not a valid profile.
    async fn get(&self, user: UserId) -> anyhow::Result<Option<Profile>>;

    /// Inserts or replaces the user's profile.
    ///
    /// # Errors
    /// Storage failure.
    async fn put(&self, profile: &Profile) -> anyhow::Result<()>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iana_names_are_accepted_and_others_refused() {
        for ok in ["Europe/Berlin", "America/New_York", "UTC", "Asia/Kolkata"] {
            assert_eq!(TimeZoneName::parse(ok).unwrap().as_str(), ok);
        }
        for bad in [
            "",
            "Mars/Olympus",
            "Europe/Ber lin",
            "../../etc/passwd",
            "+02:00",
        ] {
            assert!(TimeZoneName::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn goals_are_capped_and_clean() {
        assert!(Goals::parse(&"a".repeat(500)).is_ok());
        assert_eq!(Goals::parse(&"a".repeat(501)), Err(GoalsError::TooLong));
        assert_eq!(Goals::parse("hi\u{7}"), Err(GoalsError::ControlCharacters));
        assert_eq!(
            Goals::parse("  line\nnext ").unwrap().as_str(),
            "line\nnext"
        );
    }

    #[test]
    fn names_round_trip() {
        for l in Language::ALL {
            assert_eq!(Language::parse(l.as_str()), Some(l));
        }
        for l in Level::ALL {
            assert_eq!(Level::parse(l.as_str()), Some(l));
        }
    }
}
