//! What chat needs from outside: storage for conversations ([`ConversationRepository`]) and a
//! tutor that answers ([`Tutor`]).

use std::pin::Pin;
use std::time::Duration;

use async_trait::async_trait;
use futures_core::Stream;
use mentor_kernel::{ConversationId, ExerciseId, MessageId, UserId};
use time::OffsetDateTime;

use crate::model::{Author, Conversation, Message, Summary, Title};

/// Conversations and their messages.
///
/// Every read and write names the owner; a conversation of another owner MUST behave exactly
/// like one that does not exist.
#[async_trait]
pub trait ConversationRepository: Send + Sync {
    /// Stores a new conversation.
    ///
    /// # Errors
    /// Storage failure.
    async fn create(&self, conversation: &Conversation) -> anyhow::Result<()>;

    /// The conversation, if it exists and belongs to `owner`.
    ///
    /// # Errors
    /// Storage failure, or a stored row that is not a valid conversation.
    async fn get(&self, owner: UserId, id: ConversationId) -> anyhow::Result<Option<Conversation>>;

    /// Up to `limit` of `owner`'s conversations, newest first, started before `before` when set.
    ///
    /// # Errors
    /// Storage failure.
    async fn list(
        &self,
        owner: UserId,
        before: Option<ConversationId>,
        limit: u32,
    ) -> anyhow::Result<Vec<Conversation>>;

    /// Renames the conversation; `false` when it does not exist for `owner`.
    ///
    /// # Errors
    /// Storage failure.
    async fn rename(
        &self,
        owner: UserId,
        id: ConversationId,
        title: &Title,
        at: OffsetDateTime,
    ) -> anyhow::Result<bool>;

    /// Deletes the conversation and all its messages; `false` when it does not exist for
    /// `owner`.
    ///
    /// # Errors
    /// Storage failure.
    async fn delete(&self, owner: UserId, id: ConversationId) -> anyhow::Result<bool>;

    /// Adds a message and sets the conversation's `updated_at` to the message's time. When the
    /// conversation then holds more than `keep` messages, the oldest beyond `keep` are deleted
    /// in the same operation. `false` (and nothing stored) when the conversation is gone.
    ///
    /// # Errors
    /// Storage failure.
    async fn append(&self, message: &Message, keep: u32) -> anyhow::Result<bool>;

    /// Up to `limit` messages of the conversation, newest first, older than `before` when set.
    /// The caller has checked ownership.
    ///
    /// # Errors
    /// Storage failure, or a stored row that is not a valid message.
    async fn messages(
        &self,
        conversation: ConversationId,
        before: Option<MessageId>,
        limit: u32,
    ) -> anyhow::Result<Vec<Message>>;

    /// Replaces the conversation's running summary.
    ///
    /// # Errors
    /// Storage failure.
    async fn set_summary(
        &self,
        conversation: ConversationId,
        summary: &Summary,
    ) -> anyhow::Result<()>;
}

/// One earlier message, as context for the tutor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    /// Who wrote it.
    pub author: Author,
    /// What they wrote.
    pub text: String,
}

/// What the tutor is asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TutorRequest {
    /// Who asks (their level, budget and limits apply).
    pub learner: UserId,
    /// The exercise the conversation is about, if any.
    pub exercise: Option<ExerciseId>,
    /// The summary of older messages.
    pub summary: Option<String>,
    /// The latest earlier messages, oldest first (without the question).
    pub history: Vec<Turn>,
    /// The learner's new message.
    pub question: String,
}

/// One event of the tutor's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TutorEvent {
    /// More text.
    Delta(String),
    /// Tokens the answer cost so far (a running total: the last one counts).
    Usage {
        /// Prompt tokens.
        prompt_tokens: u32,
        /// Completion tokens.
        completion_tokens: u32,
    },
}

/// The answer failed after it was accepted (no provider answered, a time limit, a cut).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TutorFailure(pub String);

/// The tutor will not answer now; nothing should be stored.
#[derive(Debug, thiserror::Error)]
pub enum TutorRefusal {
    /// No language model is configured.
    #[error("no language model is configured")]
    Unavailable,
    /// A budget, rate or concurrency limit; try again after this long.
    #[error("{reason} (retry after {retry_after:?})")]
    Limited {
        /// Which limit, for the learner.
        reason: String,
        /// When to try again.
        retry_after: Duration,
    },
    /// The exercise the conversation is about is gone.
    #[error("the exercise is not available")]
    UnknownExercise,
    /// Anything else.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// The tutor's answer as it arrives; it ends after the last text, or with an error.
pub type TutorStream = Pin<Box<dyn Stream<Item = Result<TutorEvent, TutorFailure>> + Send>>;

/// The tutor.
#[async_trait]
pub trait Tutor: Send + Sync {
    /// Admits the request (limits, budget, configuration) and returns the answer's stream. The
    /// model is called as the stream is read; dropping the stream MUST cancel the call.
    ///
    /// # Errors
    /// [`TutorRefusal`] when the request is not admitted; then nothing was spent.
    async fn answer(&self, request: TutorRequest) -> Result<TutorStream, TutorRefusal>;

    /// A short summary of `turns` continuing `previous`, for the model's context.
    ///
    /// # Errors
    /// [`TutorFailure`] when the model does not answer.
    async fn summarize(
        &self,
        learner: UserId,
        previous: Option<String>,
        turns: Vec<Turn>,
    ) -> Result<String, TutorFailure>;
}
