//! The chat use cases: conversations (create, list, get, rename, delete), their messages, and
//! turns — the learner's message stored, the tutor's answer streamed and stored.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

use futures_util::StreamExt as _;
use mentor_kernel::{Clock, ConversationId, ExerciseId, LearnerText, MessageId, TextError, UserId};
use tokio::sync::mpsc;

use crate::model::{Author, Conversation, Message, MessageStatus, Summary, Title, TitleError};
use crate::ports::{ConversationRepository, Turn, Tutor, TutorEvent, TutorRefusal, TutorRequest};

/// Limits of conversations and of what the model sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChatSettings {
    /// The longest learner message, in characters.
    pub max_message_chars: usize,
    /// Earlier messages sent to the model verbatim.
    pub context_messages: u32,
    /// Messages older than the context and not yet summarised that make the tutor summarise.
    pub summarize_after: u32,
    /// Messages kept per conversation; older ones are deleted.
    pub max_stored_messages: u32,
    /// Conversations per learner.
    pub max_conversations: u32,
}

impl Default for ChatSettings {
    fn default() -> Self {
        Self {
            max_message_chars: 4000,
            context_messages: 12,
            summarize_after: 8,
            max_stored_messages: 400,
            max_conversations: 500,
        }
    }
}

/// Why a conversation operation failed.
#[derive(Debug, thiserror::Error)]
pub enum ChatError {
    /// No such conversation for this learner.
    #[error("no such conversation")]
    NotFound,
    /// The title is not acceptable.
    #[error(transparent)]
    Title(#[from] TitleError),
    /// The learner has as many conversations as allowed.
    #[error("you have {0} conversations, the most allowed; delete one to start another")]
    TooMany(u32),
    /// Storage failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Why a turn was not started; nothing was stored.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// No such conversation for this learner.
    #[error("no such conversation")]
    NotFound,
    /// The message is empty or too long.
    #[error(transparent)]
    Text(#[from] TextError),
    /// There is nothing to answer again (retry after a complete answer).
    #[error("the last message already has an answer")]
    NothingToRetry,
    /// An answer in this conversation is still streaming.
    #[error("an answer in this conversation is still streaming")]
    Busy,
    /// The tutor refused (no model configured, a limit).
    #[error(transparent)]
    Refused(#[from] TutorRefusal),
    /// Storage failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// One event of a turn, for the transports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TurnEvent {
    /// The learner's message, stored (absent on a retry).
    Accepted(Message),
    /// More of the answer.
    Delta(String),
    /// Tokens the answer cost.
    Usage {
        /// Prompt tokens.
        prompt_tokens: u32,
        /// Completion tokens.
        completion_tokens: u32,
    },
    /// The answer, stored complete.
    Done(Message),
    /// The answer failed; the stored message (status failed or interrupted) says why.
    Failed(Message),
}

/// A turn as it happens. Dropping it cancels the model call; the answer so far is stored as
/// interrupted.
pub type TurnStream = futures_util::stream::BoxStream<'static, TurnEvent>;

/// Conversations with a turn under way (in this process).
#[derive(Debug, Default)]
struct Turns(Mutex<HashSet<ConversationId>>);

/// A conversation's turn under way; dropping it ends the turn.
#[derive(Debug)]
struct TurnGuard {
    turns: Arc<Turns>,
    conversation: ConversationId,
}

impl Drop for TurnGuard {
    fn drop(&mut self) {
        self.turns
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&self.conversation);
    }
}

impl Turns {
    fn start(self: &Arc<Self>, conversation: ConversationId) -> Result<TurnGuard, SendError> {
        let fresh = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(conversation);
        if fresh {
            Ok(TurnGuard {
                turns: self.clone(),
                conversation,
            })
        } else {
            Err(SendError::Busy)
        }
    }
}

/// The chat use cases.
#[derive(Clone)]
pub struct ChatService {
    repo: Arc<dyn ConversationRepository>,
    tutor: Arc<dyn Tutor>,
    clock: Arc<dyn Clock>,
    settings: ChatSettings,
    turns: Arc<Turns>,
}

impl std::fmt::Debug for ChatService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChatService")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

/// The most conversations or messages one call returns: a page of 100 and one more to tell
/// whether another page follows.
pub const MAX_PAGE: u32 = 101;

const DEFAULT_TITLE: &str = "New conversation";

const FAILED_TEXT: &str =
    "The tutor could not answer this time. Your message is saved; try again in a moment.";

impl ChatService {
    /// A service over these ports.
    #[must_use]
    pub fn new(
        repo: Arc<dyn ConversationRepository>,
        tutor: Arc<dyn Tutor>,
        clock: Arc<dyn Clock>,
        settings: ChatSettings,
    ) -> Self {
        Self {
            repo,
            tutor,
            clock,
            settings,
            turns: Arc::new(Turns::default()),
        }
    }

    /// Starts a conversation, optionally about an exercise.
    ///
    /// # Errors
    /// [`ChatError::Title`] for a bad title, [`ChatError::TooMany`], storage failure.
    #[tracing::instrument(skip_all, fields(user = %owner))]
    pub async fn create(
        &self,
        owner: UserId,
        title: Option<&str>,
        exercise: Option<ExerciseId>,
    ) -> Result<Conversation, ChatError> {
        let title = match title {
            Some(raw) => Title::parse(raw)?,
            None => Title::parse(DEFAULT_TITLE)?,
        };
        let max = self.settings.max_conversations;
        if self.repo.list(owner, None, max).await?.len() >= max as usize {
            return Err(ChatError::TooMany(max));
        }
        let now = self.clock.now();
        let conversation = Conversation {
            id: ConversationId::generate(),
            owner,
            title,
            exercise,
            summary: None,
            created_at: now,
            updated_at: now,
        };
        self.repo.create(&conversation).await?;
        Ok(conversation)
    }

    /// The learner's conversations, newest first (at most [`MAX_PAGE`]).
    ///
    /// # Errors
    /// Storage failure.
    pub async fn list(
        &self,
        owner: UserId,
        before: Option<ConversationId>,
        limit: u32,
    ) -> Result<Vec<Conversation>, ChatError> {
        Ok(self
            .repo
            .list(owner, before, limit.clamp(1, MAX_PAGE))
            .await?)
    }

    /// One conversation.
    ///
    /// # Errors
    /// [`ChatError::NotFound`], storage failure.
    pub async fn get(&self, owner: UserId, id: ConversationId) -> Result<Conversation, ChatError> {
        self.repo.get(owner, id).await?.ok_or(ChatError::NotFound)
    }

    /// A page of a conversation's messages, newest first (at most [`MAX_PAGE`]).
    ///
    /// # Errors
    /// [`ChatError::NotFound`], storage failure.
    pub async fn messages(
        &self,
        owner: UserId,
        id: ConversationId,
        before: Option<MessageId>,
        limit: u32,
    ) -> Result<Vec<Message>, ChatError> {
        self.get(owner, id).await?;
        Ok(self
            .repo
            .messages(id, before, limit.clamp(1, MAX_PAGE))
            .await?)
    }

    /// Renames a conversation.
    ///
    /// # Errors
    /// [`ChatError::NotFound`], [`ChatError::Title`], storage failure.
    pub async fn rename(
        &self,
        owner: UserId,
        id: ConversationId,
        title: &str,
    ) -> Result<Conversation, ChatError> {
        let title = Title::parse(title)?;
        if !self
            .repo
            .rename(owner, id, &title, self.clock.now())
            .await?
        {
            return Err(ChatError::NotFound);
        }
        self.get(owner, id).await
    }

    /// Deletes a conversation with its messages.
    ///
    /// # Errors
    /// [`ChatError::NotFound`], storage failure.
    pub async fn delete(&self, owner: UserId, id: ConversationId) -> Result<(), ChatError> {
        if self.repo.delete(owner, id).await? {
            Ok(())
        } else {
            Err(ChatError::NotFound)
        }
    }

    /// Sends a learner message and streams the tutor's answer. The tutor admits the request
    /// first: when it refuses (no model, a limit) nothing is stored.
    ///
    /// # Errors
    /// [`SendError`]; the stream itself carries model failures ([`TurnEvent::Failed`]).
    #[tracing::instrument(skip_all, fields(user = %owner, conversation = %id))]
    pub async fn send(
        &self,
        owner: UserId,
        id: ConversationId,
        text: &str,
    ) -> Result<TurnStream, SendError> {
        let text = LearnerText::new(text, self.settings.max_message_chars)?;
        let conversation = self.repo.get(owner, id).await?.ok_or(SendError::NotFound)?;
        let turn = self.turns.start(id)?;
        let recent = self.context(&conversation).await?;
        let request = self.request(&conversation, recent, text.as_str().to_owned());
        // Admitted: ask the model now and store the learner message meanwhile, so the first
        // token does not wait for the write (dropping the answer on a failed write cancels it).
        let answer = ask_now(self.tutor.answer(request).await?);
        let title = Title::from_message(&text);
        let learner = Message {
            id: MessageId::generate(),
            conversation: id,
            author: Author::Learner,
            content: text.into_string(),
            status: MessageStatus::Complete,
            prompt_tokens: 0,
            completion_tokens: 0,
            created_at: self.clock.now(),
        };
        if !self
            .repo
            .append(&learner, self.settings.max_stored_messages)
            .await?
        {
            return Err(SendError::NotFound);
        }
        if conversation.title.as_str() == DEFAULT_TITLE {
            let _ = self
                .repo
                .rename(owner, id, &title, learner.created_at)
                .await;
        }
        Ok(self.drive(conversation, Some(learner), answer, turn))
    }

    /// Answers the conversation's last learner message again, after a failed or interrupted
    /// answer (or none).
    ///
    /// # Errors
    /// [`SendError::NothingToRetry`] when the last message is a complete answer; as
    /// [`Self::send`] otherwise.
    pub async fn retry(&self, owner: UserId, id: ConversationId) -> Result<TurnStream, SendError> {
        let conversation = self.repo.get(owner, id).await?.ok_or(SendError::NotFound)?;
        let turn = self.turns.start(id)?;
        let mut recent = self.context(&conversation).await?;
        let Some(question) = recent.iter().rposition(|m| m.author == Author::Learner) else {
            return Err(SendError::NothingToRetry);
        };
        if recent[question + 1..]
            .iter()
            .any(|m| m.status == MessageStatus::Complete)
        {
            return Err(SendError::NothingToRetry);
        }
        let asked = recent.remove(question);
        recent.truncate(question);
        let request = self.request(&conversation, recent, asked.content);
        let answer = self.tutor.answer(request).await?;
        Ok(self.drive(conversation, None, answer, turn))
    }

    /// The messages the model sees verbatim (oldest first): those the summary does not cover
    /// (at most `context_messages + summarize_after`, because a summary is written then).
    async fn context(&self, conversation: &Conversation) -> anyhow::Result<Vec<Message>> {
        let window = self
            .settings
            .context_messages
            .saturating_add(self.settings.summarize_after);
        let mut recent = self.repo.messages(conversation.id, None, window).await?;
        recent.reverse();
        if let Some(summary) = &conversation.summary {
            recent.retain(|m| m.id > summary.through);
        }
        Ok(recent)
    }

    fn request(
        &self,
        conversation: &Conversation,
        recent: Vec<Message>,
        question: String,
    ) -> TutorRequest {
        TutorRequest {
            learner: conversation.owner,
            exercise: conversation.exercise,
            summary: conversation.summary.as_ref().map(|s| s.text.clone()),
            history: recent
                .into_iter()
                .filter(|m| m.status != MessageStatus::Failed && !m.content.is_empty())
                .map(|m| Turn {
                    author: m.author,
                    text: m.content,
                })
                .collect(),
            question,
        }
    }

    /// Runs the turn on a task of its own, so that the answer is stored however the stream's
    /// reader ends: when the reader goes away the model call is dropped (cancelled) and the
    /// text so far stored as interrupted.
    fn drive(
        &self,
        conversation: Conversation,
        learner: Option<Message>,
        mut answer: crate::ports::TutorStream,
        turn: TurnGuard,
    ) -> TurnStream {
        let (tx, rx) = mpsc::channel::<TurnEvent>(64);
        let service = self.clone();
        tokio::spawn(async move {
            let mut open = match learner {
                Some(message) => tx.send(TurnEvent::Accepted(message)).await.is_ok(),
                None => true,
            };
            let mut text = String::new();
            let (mut prompt, mut completion) = (0u32, 0u32);
            let mut failure = None;
            while open {
                let next = tokio::select! {
                    next = answer.next() => next,
                    () = tx.closed() => {
                        open = false;
                        break;
                    }
                };
                match next {
                    Some(Ok(TutorEvent::Delta(delta))) => {
                        text.push_str(&delta);
                        open = tx.send(TurnEvent::Delta(delta)).await.is_ok();
                    }
                    Some(Ok(TutorEvent::Usage {
                        prompt_tokens,
                        completion_tokens,
                    })) => {
                        prompt = prompt_tokens;
                        completion = completion_tokens;
                        open = tx
                            .send(TurnEvent::Usage {
                                prompt_tokens,
                                completion_tokens,
                            })
                            .await
                            .is_ok();
                    }
                    Some(Err(e)) => {
                        failure = Some(e);
                        break;
                    }
                    None => break,
                }
            }
            drop(answer);
            let status = match (&failure, open) {
                (_, false) => MessageStatus::Interrupted,
                (None, true) => MessageStatus::Complete,
                (Some(_), true) if text.is_empty() => MessageStatus::Failed,
                (Some(_), true) => MessageStatus::Interrupted,
            };
            if let Some(e) = &failure {
                tracing::warn!(error = %e, "the tutor's answer failed");
            }
            let content = if status == MessageStatus::Failed {
                FAILED_TEXT.to_owned()
            } else {
                text
            };
            let message = Message {
                id: MessageId::generate(),
                conversation: conversation.id,
                author: Author::Tutor,
                content,
                status,
                prompt_tokens: prompt,
                completion_tokens: completion,
                created_at: service.clock.now(),
            };
            match service
                .repo
                .append(&message, service.settings.max_stored_messages)
                .await
            {
                Ok(true) => {}
                Ok(false) => {
                    tracing::info!("the conversation was deleted during the answer");
                    return;
                }
                Err(e) => {
                    tracing::error!(error = %e, "the tutor's answer could not be stored");
                }
            }
            drop(turn);
            let last = if status == MessageStatus::Complete {
                TurnEvent::Done(message)
            } else {
                TurnEvent::Failed(message)
            };
            let _ = tx.send(last).await;
            drop(tx);
            if status == MessageStatus::Complete
                && let Err(e) = service.maybe_summarize(&conversation).await
            {
                tracing::warn!(error = %e, "the conversation could not be summarised");
            }
        });
        tokio_stream(rx)
    }

    /// Summarises the messages that have left the model's context when there are enough of
    /// them.
    async fn maybe_summarize(&self, conversation: &Conversation) -> anyhow::Result<()> {
        let Some(current) = self.repo.get(conversation.owner, conversation.id).await? else {
            return Ok(());
        };
        let window = self
            .settings
            .context_messages
            .saturating_add(self.settings.summarize_after);
        let mut newest = self.repo.messages(current.id, None, window).await?;
        newest.reverse();
        if let Some(summary) = &current.summary {
            newest.retain(|m| m.id > summary.through);
        }
        if (newest.len() as u64) < u64::from(window) {
            return Ok(());
        }
        let leaving = newest.len() - self.settings.context_messages as usize;
        let older: Vec<Message> = newest.into_iter().take(leaving).collect();
        let Some(through) = older.last().map(|m| m.id) else {
            return Ok(());
        };
        let turns = older
            .into_iter()
            .filter(|m| m.status != MessageStatus::Failed && !m.content.is_empty())
            .map(|m| Turn {
                author: m.author,
                text: m.content,
            })
            .collect();
        let text = self
            .tutor
            .summarize(current.owner, current.summary.map(|s| s.text), turns)
            .await?;
        self.repo
            .set_summary(current.id, &Summary { text, through })
            .await
    }
}

fn tokio_stream(mut rx: mpsc::Receiver<TurnEvent>) -> TurnStream {
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx)).boxed()
}
/// Starts reading `answer` on a task of its own at once (the model is called on the first read)
/// and hands its events on in order. Dropping the returned stream ends the task and drops
/// `answer`, which cancels the call.
fn ask_now(mut answer: crate::ports::TutorStream) -> crate::ports::TutorStream {
    let (tx, mut rx) = mpsc::channel(32);
    tokio::spawn(async move {
        loop {
            let next = tokio::select! {
                next = answer.next() => next,
                () = tx.closed() => break,
            };
            let Some(event) = next else { break };
            if tx.send(event).await.is_err() {
                break;
            }
        }
    });
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx)).boxed()
}
