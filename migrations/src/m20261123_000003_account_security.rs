//! Account security, completed: disabled accounts, who acted in audit events, external
//! identities (GitHub, Google), learner profiles, and pending e-mail changes.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one column per ALTER TABLE.
        let add = |table: &'static str, column: ColumnDef| {
            Table::alter().table(table).add_column(column).to_owned()
        };
        manager
            .alter_table(add("users", timestamp_with_time_zone_null("disabled_at")))
            .await?;
        manager
            .alter_table(add("audit_events", uuid_null("actor_id")))
            .await?;
        manager
            .alter_table(add("audit_events", string_len_null("detail", 256)))
            .await?;
        manager
            .alter_table(add("one_time_tokens", string_len_null("payload", 254)))
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_events_action")
                    .table("audit_events")
                    .col("action")
                    .col("id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("user_identities")
                    .col(string_len("provider", 32))
                    .col(string_len("subject", 255))
                    .col(uuid("user_id"))
                    .col(string_len_null("email", 254))
                    .col(timestamp_with_time_zone("created_at"))
                    .primary_key(Index::create().col("provider").col("subject"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("user_identities", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_user_identities_user_id")
                    .table("user_identities")
                    .col("user_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("profiles")
                    .col(uuid("user_id").primary_key())
                    .col(string_len("languages", 128))
                    .col(string_len_null("level", 16))
                    .col(string_len("goals", 1024))
                    .col(integer_null("weekly_minutes"))
                    .col(string_len("time_zone", 64))
                    .col(timestamp_with_time_zone_null("onboarded_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("profiles", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["profiles", "user_identities"] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("idx_audit_events_action")
                    .table("audit_events")
                    .to_owned(),
            )
            .await?;
        for (table, column) in [
            ("one_time_tokens", "payload"),
            ("audit_events", "detail"),
            ("audit_events", "actor_id"),
            ("users", "disabled_at"),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
