//! The [`ProfileRepository`] contract.

use std::sync::Arc;

use mentor_auth::{
    Goals, Language, Level, Profile, ProfileRepository, TimeZoneName, UserRepository,
};
use time::Duration;

use crate::sessions::new_user;
use crate::t0;

/// A profile reads back equal, and a second save replaces the first.
pub async fn profiles_read_back_and_are_replaced(
    users: Arc<dyn UserRepository>,
    profiles: Arc<dyn ProfileRepository>,
) {
    let user = new_user(&users).await;
    assert_eq!(profiles.get(user).await.unwrap(), None);
    let mut profile = Profile {
        user_id: user,
        languages: vec![Language::Python, Language::JavaScript],
        level: Some(Level::Intermediate),
        help: Some(mentor_kernel::HelpLevel::Guide),
        goals: Goals::parse("Pass the exam\nthen build games").unwrap(),
        weekly_minutes: Some(120),
        time_zone: TimeZoneName::parse("America/New_York").unwrap(),
        onboarded_at: None,
        updated_at: t0(),
    };
    profiles.put(&profile).await.unwrap();
    assert_eq!(profiles.get(user).await.unwrap(), Some(profile.clone()));
    profile.languages = vec![];
    profile.level = None;
    profile.help = None;
    profile.weekly_minutes = None;
    profile.onboarded_at = Some(t0() + Duration::minutes(5));
    profile.updated_at = t0() + Duration::minutes(5);
    profiles.put(&profile).await.unwrap();
    assert_eq!(profiles.get(user).await.unwrap(), Some(profile));
}
