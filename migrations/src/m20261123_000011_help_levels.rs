//! Help levels: the learner's choice of how much help the tutor gives (`profiles.help_level`,
//! none = the default, pointers) and an exercise version's cap on it
//! (`exercise_versions.help_cap`, none = no cap).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("profiles")
                    .add_column(string_len_null("help_level", 16))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("exercise_versions")
                    .add_column(string_len_null("help_cap", 16))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("exercise_versions")
                    .drop_column("help_cap")
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("profiles")
                    .drop_column("help_level")
                    .to_owned(),
            )
            .await
    }
}
