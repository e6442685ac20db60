//! `progress_attempts`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "progress_attempts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: String,
    pub user_id: Uuid,
    pub exercise_id: Uuid,
    pub language: String,
    pub difficulty: i16,
    pub topics: String,
    pub passed: bool,
    pub first_solve: bool,
    pub attempts: i32,
    pub hints_used: i32,
    pub time_spent_ms: i64,
    pub day: TimeDate,
    pub at: TimeDateTimeWithTimeZone,
    pub learner_delta: f64,
    pub exercise_delta: f64,
    pub counted: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
