//! `progress_solves`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "progress_solves")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub exercise_id: Uuid,
    pub submission_id: Uuid,
    pub language: String,
    pub difficulty: i16,
    pub topics: String,
    pub attempts: i32,
    pub hints_used: i32,
    pub time_spent_ms: i64,
    pub day: TimeDate,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
