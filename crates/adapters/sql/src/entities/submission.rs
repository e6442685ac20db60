//! `submissions` (also the grading queue).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "submissions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub exercise_id: Uuid,
    pub version: i32,
    pub language: String,
    pub code: String,
    pub status: String,
    pub verdict: Option<String>,
    pub attempts: i32,
    pub hints_used: i32,
    pub lease_token: Option<Uuid>,
    pub lease_until: Option<TimeDateTimeWithTimeZone>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub graded_at: Option<TimeDateTimeWithTimeZone>,
    pub passed: bool,
    pub published_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
