//! SQL [`ConversationRepository`]. Every query names the owner, so another learner's
//! conversation is simply not found. Appending a message touches the conversation first (which
//! also tells whether it still exists and, on Postgres, locks its row against concurrent
//! appends), then inserts and prunes, all in one transaction.

use anyhow::Context as _;
use async_trait::async_trait;
use mentor_chat::{
    Author, Conversation, ConversationRepository, Message, MessageStatus, Summary, Title,
};
use mentor_kernel::{ConversationId, ExerciseId, MessageId, UserId};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait, sea_query::Expr,
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::entities::{chat_conversation, chat_message};

/// Conversations and messages in SQL.
#[derive(Debug, Clone)]
pub struct SqlConversationRepository {
    db: DatabaseConnection,
}

impl SqlConversationRepository {
    /// Uses the given pool.
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn conversation_from_row(row: chat_conversation::Model) -> anyhow::Result<Conversation> {
    let id = row.id;
    let summary = match (row.summary, row.summary_through) {
        (Some(text), Some(through)) => Some(Summary {
            text,
            through: MessageId::from_uuid(through),
        }),
        (None, None) => None,
        _ => anyhow::bail!("conversation {id} has half a summary"),
    };
    Ok(Conversation {
        id: ConversationId::from_uuid(id),
        owner: UserId::from_uuid(row.owner_id),
        title: Title::parse(&row.title)
            .with_context(|| format!("bad title {:?} of conversation {id}", row.title))?,
        exercise: row.exercise_id.map(ExerciseId::from_uuid),
        summary,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

fn tokens(value: i32, id: Uuid) -> anyhow::Result<u32> {
    u32::try_from(value).with_context(|| format!("negative token count of message {id}"))
}

fn message_from_row(row: chat_message::Model) -> anyhow::Result<Message> {
    let id = row.id;
    Ok(Message {
        id: MessageId::from_uuid(id),
        conversation: ConversationId::from_uuid(row.conversation_id),
        author: Author::parse(&row.author)
            .with_context(|| format!("unknown author {:?} of message {id}", row.author))?,
        content: row.content,
        status: MessageStatus::parse(&row.status)
            .with_context(|| format!("unknown status {:?} of message {id}", row.status))?,
        prompt_tokens: tokens(row.prompt_tokens, id)?,
        completion_tokens: tokens(row.completion_tokens, id)?,
        created_at: row.created_at,
    })
}

fn owned(owner: UserId, id: ConversationId) -> sea_orm::sea_query::Condition {
    sea_orm::sea_query::Condition::all()
        .add(chat_conversation::Column::Id.eq(id.as_uuid()))
        .add(chat_conversation::Column::OwnerId.eq(owner.as_uuid()))
}

#[async_trait]
impl ConversationRepository for SqlConversationRepository {
    async fn create(&self, c: &Conversation) -> anyhow::Result<()> {
        chat_conversation::Entity::insert(chat_conversation::ActiveModel {
            id: Set(c.id.as_uuid()),
            owner_id: Set(c.owner.as_uuid()),
            title: Set(c.title.as_str().to_owned()),
            exercise_id: Set(c.exercise.map(|e| e.as_uuid())),
            summary: Set(c.summary.as_ref().map(|s| s.text.clone())),
            summary_through: Set(c.summary.as_ref().map(|s| s.through.as_uuid())),
            created_at: Set(c.created_at),
            updated_at: Set(c.updated_at),
        })
        .exec_without_returning(&self.db)
        .await?;
        Ok(())
    }

    async fn get(&self, owner: UserId, id: ConversationId) -> anyhow::Result<Option<Conversation>> {
        chat_conversation::Entity::find()
            .filter(owned(owner, id))
            .one(&self.db)
            .await?
            .map(conversation_from_row)
            .transpose()
    }

    async fn list(
        &self,
        owner: UserId,
        before: Option<ConversationId>,
        limit: u32,
    ) -> anyhow::Result<Vec<Conversation>> {
        let mut find = chat_conversation::Entity::find()
            .filter(chat_conversation::Column::OwnerId.eq(owner.as_uuid()));
        if let Some(before) = before {
            find = find.filter(chat_conversation::Column::Id.lt(before.as_uuid()));
        }
        find.order_by_desc(chat_conversation::Column::Id)
            .limit(u64::from(limit))
            .all(&self.db)
            .await?
            .into_iter()
            .map(conversation_from_row)
            .collect()
    }

    async fn rename(
        &self,
        owner: UserId,
        id: ConversationId,
        title: &Title,
        at: OffsetDateTime,
    ) -> anyhow::Result<bool> {
        let result = chat_conversation::Entity::update_many()
            .col_expr(
                chat_conversation::Column::Title,
                Expr::value(title.as_str().to_owned()),
            )
            .col_expr(chat_conversation::Column::UpdatedAt, Expr::value(at))
            .filter(owned(owner, id))
            .exec(&self.db)
            .await?;
        Ok(result.rows_affected == 1)
    }

    async fn delete(&self, owner: UserId, id: ConversationId) -> anyhow::Result<bool> {
        let txn = self.db.begin().await?;
        let result = chat_conversation::Entity::delete_many()
            .filter(owned(owner, id))
            .exec(&txn)
            .await?;
        if result.rows_affected == 0 {
            txn.rollback().await?;
            return Ok(false);
        }
        chat_message::Entity::delete_many()
            .filter(chat_message::Column::ConversationId.eq(id.as_uuid()))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(true)
    }

    async fn append(&self, m: &Message, keep: u32) -> anyhow::Result<bool> {
        let conversation = m.conversation.as_uuid();
        let txn = self.db.begin().await?;
        let touched = chat_conversation::Entity::update_many()
            .col_expr(
                chat_conversation::Column::UpdatedAt,
                Expr::value(m.created_at),
            )
            .filter(chat_conversation::Column::Id.eq(conversation))
            .exec(&txn)
            .await?;
        if touched.rows_affected == 0 {
            txn.rollback().await?;
            return Ok(false);
        }
        chat_message::Entity::insert(chat_message::ActiveModel {
            id: Set(m.id.as_uuid()),
            conversation_id: Set(conversation),
            author: Set(m.author.as_str().to_owned()),
            content: Set(m.content.clone()),
            status: Set(m.status.as_str().to_owned()),
            prompt_tokens: Set(i32::try_from(m.prompt_tokens).context("too many prompt tokens")?),
            completion_tokens: Set(
                i32::try_from(m.completion_tokens).context("too many completion tokens")?
            ),
            created_at: Set(m.created_at),
        })
        .exec_without_returning(&txn)
        .await?;
        let newest_dropped = chat_message::Entity::find()
            .select_only()
            .column(chat_message::Column::Id)
            .filter(chat_message::Column::ConversationId.eq(conversation))
            .order_by_desc(chat_message::Column::Id)
            .offset(u64::from(keep))
            .into_tuple::<Uuid>()
            .one(&txn)
            .await?;
        if let Some(newest_dropped) = newest_dropped {
            chat_message::Entity::delete_many()
                .filter(chat_message::Column::ConversationId.eq(conversation))
                .filter(chat_message::Column::Id.lte(newest_dropped))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        Ok(true)
    }

    async fn messages(
        &self,
        conversation: ConversationId,
        before: Option<MessageId>,
        limit: u32,
    ) -> anyhow::Result<Vec<Message>> {
        let mut find = chat_message::Entity::find()
            .filter(chat_message::Column::ConversationId.eq(conversation.as_uuid()));
        if let Some(before) = before {
            find = find.filter(chat_message::Column::Id.lt(before.as_uuid()));
        }
        find.order_by_desc(chat_message::Column::Id)
            .limit(u64::from(limit))
            .all(&self.db)
            .await?
            .into_iter()
            .map(message_from_row)
            .collect()
    }

    async fn set_summary(
        &self,
        conversation: ConversationId,
        summary: &Summary,
    ) -> anyhow::Result<()> {
        chat_conversation::Entity::update_many()
            .col_expr(
                chat_conversation::Column::Summary,
                Expr::value(Some(summary.text.clone())),
            )
            .col_expr(
                chat_conversation::Column::SummaryThrough,
                Expr::value(Some(summary.through.as_uuid())),
            )
            .filter(chat_conversation::Column::Id.eq(conversation.as_uuid()))
            .exec(&self.db)
            .await?;
        Ok(())
    }
}
