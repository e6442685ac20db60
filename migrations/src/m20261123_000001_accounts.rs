//! Accounts, sessions with their refresh-token families, and one-time tokens.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("users")
                    .col(uuid("id").primary_key())
                    .col(string_len("email", 254).unique_key())
                    .col(string_len("display_name", 64))
                    .col(text_null("password_hash"))
                    .col(timestamp_with_time_zone_null("email_verified_at"))
                    .col(string_len("roles", 64))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("sessions")
                    .col(uuid("id").primary_key())
                    .col(uuid("user_id"))
                    .col(string_len("refresh_hash", 64))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("last_seen_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(string_len_null("user_agent", 256))
                    .col(string_len_null("ip", 64))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sessions_user")
                            .from("sessions", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sessions_user")
                    .table("sessions")
                    .col("user_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("session_refresh_tokens")
                    .col(string_len("token_hash", 64).primary_key())
                    .col(uuid("session_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_refresh_session")
                            .from("session_refresh_tokens", "session_id")
                            .to("sessions", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_refresh_session")
                    .table("session_refresh_tokens")
                    .col("session_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("one_time_tokens")
                    .col(string_len("token_hash", 64).primary_key())
                    .col(uuid("user_id"))
                    .col(string_len("purpose", 32))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(timestamp_with_time_zone_null("used_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_one_time_tokens_user")
                            .from("one_time_tokens", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_one_time_tokens_user_purpose")
                    .table("one_time_tokens")
                    .col("user_id")
                    .col("purpose")
                    .col("created_at")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "one_time_tokens",
            "session_refresh_tokens",
            "sessions",
            "users",
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
