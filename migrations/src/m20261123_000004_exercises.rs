//! The exercise catalog: exercises (stable ids), every version of their content, and the
//! hints each learner has revealed.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("exercises")
                    .col(uuid("id").primary_key())
                    .col(string_len("language", 16))
                    .col(string_len("slug", 64))
                    .col(integer("current_version"))
                    // The current version's difficulty and topics (`,a,b,`), for filtering.
                    .col(integer("difficulty"))
                    .col(string_len("topics", 512))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_exercises_language_slug")
                    .table("exercises")
                    .col("language")
                    .col("slug")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("exercise_versions")
                    .col(uuid("exercise_id"))
                    .col(integer("version"))
                    .col(string_len("title", 200))
                    .col(integer("difficulty"))
                    .col(string_len("topics", 512))
                    .col(text("statement"))
                    .col(text("starter"))
                    .col(text("visible_tests"))
                    .col(text("hidden_tests"))
                    .col(text("reference"))
                    .col(text("hints"))
                    .col(integer("cpu_ms"))
                    .col(integer("wall_ms"))
                    .col(integer("memory_mb"))
                    .col(string_len("fingerprint", 64))
                    .col(timestamp_with_time_zone("created_at"))
                    .primary_key(Index::create().col("exercise_id").col("version"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("exercise_versions", "exercise_id")
                            .to("exercises", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("hint_reveals")
                    .col(uuid("user_id"))
                    .col(uuid("exercise_id"))
                    .col(integer("revealed"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .primary_key(Index::create().col("user_id").col("exercise_id"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("hint_reveals", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from("hint_reveals", "exercise_id")
                            .to("exercises", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["hint_reveals", "exercise_versions", "exercises"] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
