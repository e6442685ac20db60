//! `exercise_ratings`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "exercise_ratings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub exercise_id: Uuid,
    pub rating: f64,
    pub games: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
