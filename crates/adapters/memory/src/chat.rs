//! In-process [`ConversationRepository`]: conversations and their messages in ordered maps
//! (ids are time-ordered, so map order is creation order).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use mentor_chat::{Conversation, ConversationRepository, Message, Summary, Title};
use mentor_kernel::{ConversationId, MessageId, UserId};
use time::OffsetDateTime;

use crate::lock;

#[derive(Debug, Default)]
struct ChatState {
    conversations: BTreeMap<ConversationId, Conversation>,
    messages: BTreeMap<ConversationId, BTreeMap<MessageId, Message>>,
}

impl ChatState {
    fn owned(&mut self, owner: UserId, id: ConversationId) -> Option<&mut Conversation> {
        self.conversations.get_mut(&id).filter(|c| c.owner == owner)
    }
}

/// Conversations and messages in maps.
#[derive(Debug, Default, Clone)]
pub struct MemoryConversationRepository {
    state: Arc<Mutex<ChatState>>,
}

impl MemoryConversationRepository {
    /// An empty store.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait]
impl ConversationRepository for MemoryConversationRepository {
    async fn create(&self, conversation: &Conversation) -> anyhow::Result<()> {
        let mut state = lock(&self.state);
        anyhow::ensure!(
            !state.conversations.contains_key(&conversation.id),
            "conversation {} exists",
            conversation.id
        );
        state
            .conversations
            .insert(conversation.id, conversation.clone());
        Ok(())
    }

    async fn get(&self, owner: UserId, id: ConversationId) -> anyhow::Result<Option<Conversation>> {
        Ok(lock(&self.state).owned(owner, id).map(|c| c.clone()))
    }

    async fn list(
        &self,
        owner: UserId,
        before: Option<ConversationId>,
        limit: u32,
    ) -> anyhow::Result<Vec<Conversation>> {
        let state = lock(&self.state);
        Ok(state
            .conversations
            .values()
            .rev()
            .filter(|c| c.owner == owner)
            .filter(|c| before.is_none_or(|b| c.id < b))
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .cloned()
            .collect())
    }

    async fn rename(
        &self,
        owner: UserId,
        id: ConversationId,
        title: &Title,
        at: OffsetDateTime,
    ) -> anyhow::Result<bool> {
        let mut state = lock(&self.state);
        let Some(conversation) = state.owned(owner, id) else {
            return Ok(false);
        };
        conversation.title = title.clone();
        conversation.updated_at = at;
        Ok(true)
    }

    async fn delete(&self, owner: UserId, id: ConversationId) -> anyhow::Result<bool> {
        let mut state = lock(&self.state);
        if state.owned(owner, id).is_none() {
            return Ok(false);
        }
        state.conversations.remove(&id);
        state.messages.remove(&id);
        Ok(true)
    }

    async fn append(&self, message: &Message, keep: u32) -> anyhow::Result<bool> {
        let mut state = lock(&self.state);
        let ChatState {
            conversations,
            messages,
        } = &mut *state;
        let Some(conversation) = conversations.get_mut(&message.conversation) else {
            return Ok(false);
        };
        let messages = messages.entry(message.conversation).or_default();
        anyhow::ensure!(
            !messages.contains_key(&message.id),
            "message {} exists",
            message.id
        );
        conversation.updated_at = message.created_at;
        messages.insert(message.id, message.clone());
        let keep = usize::try_from(keep).unwrap_or(usize::MAX);
        while messages.len() > keep {
            messages.pop_first();
        }
        Ok(true)
    }

    async fn messages(
        &self,
        conversation: ConversationId,
        before: Option<MessageId>,
        limit: u32,
    ) -> anyhow::Result<Vec<Message>> {
        let state = lock(&self.state);
        Ok(state
            .messages
            .get(&conversation)
            .into_iter()
            .flat_map(|m| m.values().rev())
            .filter(|m| before.is_none_or(|b| m.id < b))
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .cloned()
            .collect())
    }

    async fn set_summary(
        &self,
        conversation: ConversationId,
        summary: &Summary,
    ) -> anyhow::Result<()> {
        if let Some(c) = lock(&self.state).conversations.get_mut(&conversation) {
            c.summary = Some(summary.clone());
        }
        Ok(())
    }
}
