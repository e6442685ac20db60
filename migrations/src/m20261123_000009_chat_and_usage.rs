//! Chat and model usage: learners' conversations with the tutor (optionally about an
//! exercise, with a running summary of older messages), their messages (author, status,
//! tokens), and one row per model call with its tokens and cost, totalled per learner and UTC
//! day for budgets and operators.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

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
                    .table("chat_conversations")
                    .col(uuid("id").primary_key())
                    .col(uuid("owner_id"))
                    .col(text("title"))
                    .col(uuid_null("exercise_id"))
                    .col(text_null("summary"))
                    // The newest message the summary covers; messages are pruned, so no key.
                    .col(uuid_null("summary_through"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("chat_conversations", "owner_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from("chat_conversations", "exercise_id")
                            .to("exercises", "id")
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        // A learner's conversations, newest first.
        manager
            .create_index(index(
                "idx_chat_conversations_owner_id",
                "chat_conversations",
                &["owner_id", "id"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("chat_messages")
                    .col(uuid("id").primary_key())
                    .col(uuid("conversation_id"))
                    .col(string_len("author", 16))
                    .col(text("content"))
                    .col(string_len("status", 16))
                    .col(integer("prompt_tokens"))
                    .col(integer("completion_tokens"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("chat_messages", "conversation_id")
                            .to("chat_conversations", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // A conversation's messages, newest first, and pruning the oldest.
        manager
            .create_index(index(
                "idx_chat_messages_conversation_id",
                "chat_messages",
                &["conversation_id", "id"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("llm_usage")
                    .col(uuid("id").primary_key())
                    .col(uuid("user_id"))
                    .col(date("day"))
                    .col(timestamp_with_time_zone("at"))
                    .col(text("provider"))
                    .col(text("model"))
                    .col(string_len("purpose", 16))
                    .col(integer("prompt_tokens"))
                    .col(integer("completion_tokens"))
                    .col(big_integer("cost_micros"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("llm_usage", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // A learner's day (budgets, their usage page), and every learner's days (operators).
        for (name, columns) in [
            ("idx_llm_usage_user_day", &["user_id", "day"][..]),
            ("idx_llm_usage_day", &["day"][..]),
        ] {
            manager
                .create_index(index(name, "llm_usage", columns))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["llm_usage", "chat_messages", "chat_conversations"] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
