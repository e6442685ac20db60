//! `profiles`: one row per user.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "profiles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    /// Comma-separated language names.
    pub languages: String,
    pub level: Option<String>,
    /// `nudge`, `pointer`, `guide` or none (the default).
    pub help_level: Option<String>,
    pub goals: String,
    pub weekly_minutes: Option<i32>,
    pub time_zone: String,
    pub onboarded_at: Option<TimeDateTimeWithTimeZone>,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
