//! SQL adapter for the [`ProfileRepository`] port.

use anyhow::Context as _;
use async_trait::async_trait;
use mentor_auth::{Goals, Language, Level, Profile, ProfileRepository, TimeZoneName};
use mentor_kernel::{HelpLevel, UserId};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait};

use crate::entities::profile;

/// Profiles in the `profiles` table.
#[derive(Debug, Clone)]
pub struct SqlProfileRepository {
    db: DatabaseConnection,
}

impl SqlProfileRepository {
    /// Uses the given pool.
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn from_row(row: profile::Model) -> anyhow::Result<Profile> {
    let user = row.user_id;
    let languages = row
        .languages
        .split(',')
        .filter(|l| !l.is_empty())
        .map(|l| Language::parse(l).with_context(|| format!("unknown language {l:?} for {user}")))
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(Profile {
        user_id: UserId::from_uuid(user),
        languages,
        level: row
            .level
            .map(|l| Level::parse(&l).with_context(|| format!("unknown level {l:?} for {user}")))
            .transpose()?,
        help: row
            .help_level
            .map(|h| {
                HelpLevel::parse(&h).with_context(|| format!("unknown help level {h:?} for {user}"))
            })
            .transpose()?,
        goals: Goals::parse(&row.goals).with_context(|| format!("stored goals of {user}"))?,
        weekly_minutes: row
            .weekly_minutes
            .map(u16::try_from)
            .transpose()
            .with_context(|| format!("stored weekly minutes of {user}"))?,
        time_zone: TimeZoneName::parse(&row.time_zone)
            .with_context(|| format!("stored time zone of {user}"))?,
        onboarded_at: row.onboarded_at,
        updated_at: row.updated_at,
    })
}

#[async_trait]
impl ProfileRepository for SqlProfileRepository {
    async fn get(&self, user: UserId) -> anyhow::Result<Option<Profile>> {
        profile::Entity::find_by_id(user.as_uuid())
            .one(&self.db)
            .await?
            .map(from_row)
            .transpose()
    }

    async fn put(&self, p: &Profile) -> anyhow::Result<()> {
        let row = profile::ActiveModel {
            user_id: Set(p.user_id.as_uuid()),
            languages: Set(p
                .languages
                .iter()
                .map(|l| l.as_str())
                .collect::<Vec<_>>()
                .join(",")),
            level: Set(p.level.map(|l| l.as_str().to_owned())),
            help_level: Set(p.help.map(|h| h.as_str().to_owned())),
            goals: Set(p.goals.as_str().to_owned()),
            weekly_minutes: Set(p.weekly_minutes.map(i32::from)),
            time_zone: Set(p.time_zone.as_str().to_owned()),
            onboarded_at: Set(p.onboarded_at),
            updated_at: Set(p.updated_at),
        };
        profile::Entity::insert(row)
            .on_conflict(
                OnConflict::column(profile::Column::UserId)
                    .update_columns([
                        profile::Column::Languages,
                        profile::Column::Level,
                        profile::Column::HelpLevel,
                        profile::Column::Goals,
                        profile::Column::WeeklyMinutes,
                        profile::Column::TimeZone,
                        profile::Column::OnboardedAt,
                        profile::Column::UpdatedAt,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(&self.db)
            .await?;
        Ok(())
    }
}
