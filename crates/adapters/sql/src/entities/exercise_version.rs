//! `exercise_versions`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "exercise_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub exercise_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub version: i32,
    pub title: String,
    pub difficulty: i32,
    /// `,topic,topic,`
    pub topics: String,
    pub statement: String,
    pub starter: String,
    /// JSON `[{"name", "content"}]`.
    pub visible_tests: String,
    /// JSON `[{"name", "content"}]`.
    pub hidden_tests: String,
    pub reference: String,
    /// JSON `["hint", …]`.
    pub hints: String,
    pub cpu_ms: i32,
    pub wall_ms: i32,
    pub memory_mb: i32,
    pub fingerprint: String,
    /// `nudge`, `pointer`, `guide` or none (no cap).
    pub help_cap: Option<String>,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
