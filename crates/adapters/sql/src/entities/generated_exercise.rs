//! `generated_exercises`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "generated_exercises")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub requested_by: Uuid,
    pub language: String,
    pub slug: String,
    pub topic: String,
    pub brief: Option<String>,
    /// JSON of `mentor_exercises::DraftParts`.
    pub draft: String,
    pub status: String,
    pub reviewer: Option<Uuid>,
    pub reason: Option<String>,
    pub exercise_id: Option<Uuid>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub reviewed_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
