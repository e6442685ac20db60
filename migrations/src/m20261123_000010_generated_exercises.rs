//! Model-written exercises that passed the content schema and the sandbox proof, with their
//! review (pending, published, rejected). The draft is stored whole as JSON (the content
//! schema's fields); it enters `exercises` only when approved. Requester and reviewer are kept
//! as plain ids (no foreign key): the review history outlives an erased account.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("generated_exercises")
                    .col(uuid("id").primary_key())
                    .col(uuid("requested_by"))
                    .col(string_len("language", 16))
                    .col(text("slug"))
                    .col(string_len("topic", 32))
                    .col(text_null("brief"))
                    .col(text("draft"))
                    .col(string_len("status", 16))
                    .col(uuid_null("reviewer"))
                    .col(text_null("reason"))
                    .col(uuid_null("exercise_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("reviewed_at"))
                    .to_owned(),
            )
            .await?;
        // The review queue: one status, oldest first.
        manager
            .create_index(
                Index::create()
                    .name("idx_generated_exercises_status")
                    .table("generated_exercises")
                    .col("status")
                    .col("id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("generated_exercises").to_owned())
            .await
    }
}
