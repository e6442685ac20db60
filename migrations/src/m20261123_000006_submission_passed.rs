//! `submissions.passed`: whether the verdict is a pass, as a column, so "which exercises has
//! this learner solved" (the catalog's solved/unsolved filter, progress) is an index lookup
//! instead of a scan of verdict JSON.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("submissions")
                    .add_column(boolean("passed").default(false))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE submissions SET passed = TRUE WHERE verdict LIKE '{\"kind\":\"passed\"%'",
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("submissions_user_passed")
                    .table("submissions")
                    .col("user_id")
                    .col("passed")
                    .col("exercise_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("submissions_user_passed")
                    .table("submissions")
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("submissions")
                    .drop_column("passed")
                    .to_owned(),
            )
            .await
    }
}
