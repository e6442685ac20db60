//! `submissions.published_at`: when the "submission graded" event of a graded submission was
//! delivered (ADR 0010, outbox). Graded submissions without it are published again, so the
//! progress domain learns of every verdict — including, once, every submission graded
//! before this migration (progress's record is idempotent per submission).

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
                    .add_column(timestamp_with_time_zone_null("published_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_submissions_published_status_id")
                    .table("submissions")
                    .col("published_at")
                    .col("status")
                    .col("id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_submissions_published_status_id")
                    .table("submissions")
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("submissions")
                    .drop_column("published_at")
                    .to_owned(),
            )
            .await
    }
}
