//! Submissions, which are also the grading queue (ADR 0010): a worker claims the oldest
//! queued submission (or one whose lease ran out) and records the verdict while it holds the
//! lease.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("submissions")
                    .col(uuid("id").primary_key())
                    .col(uuid("user_id"))
                    .col(uuid("exercise_id"))
                    .col(integer("version"))
                    .col(string_len("language", 16))
                    .col(text("code"))
                    .col(string_len("status", 16))
                    .col(text_null("verdict"))
                    .col(integer("attempts"))
                    .col(integer("hints_used"))
                    .col(uuid_null("lease_token"))
                    .col(timestamp_with_time_zone_null("lease_until"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("graded_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("submissions", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from("submissions", "exercise_id")
                            .to("exercises", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // A learner's submissions, newest first (per exercise and overall).
        manager
            .create_index(
                Index::create()
                    .name("idx_submissions_user_exercise_id")
                    .table("submissions")
                    .col("user_id")
                    .col("exercise_id")
                    .col("id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_submissions_user_id")
                    .table("submissions")
                    .col("user_id")
                    .col("id")
                    .to_owned(),
            )
            .await?;
        // The queue: waiting and running submissions, oldest first.
        manager
            .create_index(
                Index::create()
                    .name("idx_submissions_status_id")
                    .table("submissions")
                    .col("status")
                    .col("id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("submissions").if_exists().to_owned())
            .await
    }
}
