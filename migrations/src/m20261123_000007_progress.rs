//! Progress (ADR 0011): the history of graded attempts with the rating change each caused
//! (also the idempotency record: one row per submission), two per-learner aggregates kept with
//! it (the first pass of each solved exercise, counts per local day), ratings per learner and
//! topic and per exercise, achievements with their notifications, and the daily exercise per
//! learner and local day.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn user_fk(table: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, "user_id")
        .to("users", "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn exercise_fk(table: &'static str, column: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to("exercises", "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn index(
    name: &'static str,
    table: &'static str,
    columns: &[&'static str],
) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for c in columns {
        index.col(*c);
    }
    index.to_owned()
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("progress_attempts")
                    .col(uuid("id").primary_key())
                    .col(string_len("kind", 16))
                    .col(uuid("user_id"))
                    .col(uuid("exercise_id"))
                    .col(string_len("language", 16))
                    .col(small_integer("difficulty"))
                    .col(string_len("topics", 400))
                    .col(boolean("passed"))
                    .col(boolean("first_solve"))
                    .col(integer("attempts"))
                    .col(integer("hints_used"))
                    .col(big_integer("time_spent_ms"))
                    .col(date("day"))
                    .col(timestamp_with_time_zone("at"))
                    .col(double("learner_delta"))
                    .col(double("exercise_delta"))
                    .col(boolean("counted"))
                    .foreign_key(&mut user_fk("progress_attempts"))
                    .foreign_key(&mut exercise_fk("progress_attempts", "exercise_id"))
                    .to_owned(),
            )
            .await?;
        // History pages and recent attempts (newest first), and "has this learner solved this
        // exercise (before this submission)".
        for (name, columns) in [
            ("idx_progress_attempts_user_id", &["user_id", "id"][..]),
            (
                "idx_progress_attempts_user_exercise",
                &["user_id", "exercise_id", "passed"][..],
            ),
        ] {
            manager
                .create_index(index(name, "progress_attempts", columns))
                .await?;
        }
        // Kept by the same transaction as the history row, so the routes read a learner's
        // solves and days without reading their whole history.
        manager
            .create_table(
                Table::create()
                    .table("progress_solves")
                    .col(uuid("user_id"))
                    .col(uuid("exercise_id"))
                    .col(uuid("submission_id"))
                    .col(string_len("language", 16))
                    .col(small_integer("difficulty"))
                    .col(string_len("topics", 400))
                    .col(integer("attempts"))
                    .col(integer("hints_used"))
                    .col(big_integer("time_spent_ms"))
                    .col(date("day"))
                    .primary_key(Index::create().col("user_id").col("exercise_id"))
                    .foreign_key(&mut user_fk("progress_solves"))
                    .foreign_key(&mut exercise_fk("progress_solves", "exercise_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("progress_days")
                    .col(uuid("user_id"))
                    .col(date("day"))
                    .col(integer("submissions"))
                    .col(integer("passed"))
                    .primary_key(Index::create().col("user_id").col("day"))
                    .foreign_key(&mut user_fk("progress_days"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("progress_ratings")
                    .col(uuid("user_id"))
                    .col(string_len("topic", 32))
                    .col(double("rating"))
                    .col(integer("games"))
                    .primary_key(Index::create().col("user_id").col("topic"))
                    .foreign_key(&mut user_fk("progress_ratings"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("exercise_ratings")
                    .col(uuid("exercise_id").primary_key())
                    .col(double("rating"))
                    .col(integer("games"))
                    .foreign_key(&mut exercise_fk("exercise_ratings", "exercise_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("achievements")
                    .col(uuid("user_id"))
                    .col(string_len("code", 32))
                    .col(timestamp_with_time_zone("earned_at"))
                    .primary_key(Index::create().col("user_id").col("code"))
                    .foreign_key(&mut user_fk("achievements"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("notifications")
                    .col(uuid("id").primary_key())
                    .col(uuid("user_id"))
                    .col(string_len("kind", 32))
                    .col(string_len("subject", 64))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("read_at"))
                    .foreign_key(&mut user_fk("notifications"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_notifications_user_id",
                "notifications",
                &["user_id", "id"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("daily_picks")
                    .col(uuid("user_id"))
                    .col(date("day"))
                    .col(uuid("exercise_id"))
                    .col(string_len("reason", 200))
                    .col(uuid_null("skipped_exercise_id"))
                    .col(timestamp_with_time_zone("chosen_at"))
                    .primary_key(Index::create().col("user_id").col("day"))
                    .foreign_key(&mut user_fk("daily_picks"))
                    .foreign_key(&mut exercise_fk("daily_picks", "exercise_id"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "daily_picks",
            "notifications",
            "achievements",
            "exercise_ratings",
            "progress_ratings",
            "progress_days",
            "progress_solves",
            "progress_attempts",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
