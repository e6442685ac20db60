//! The append-only security audit trail.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("audit_events")
                    .col(uuid("id").primary_key())
                    .col(timestamp_with_time_zone("at"))
                    .col(uuid("user_id"))
                    .col(string_len("action", 64))
                    .col(string_len_null("ip", 64))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_events_user_id")
                    .table("audit_events")
                    .col("user_id")
                    .col("id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("audit_events").if_exists().to_owned())
            .await
    }
}
