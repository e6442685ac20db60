//! A conversation, its messages and their parsed parts.

use mentor_kernel::{ConversationId, ExerciseId, LearnerText, MessageId, UserId};
use serde::Serialize;
use time::OffsetDateTime;

/// A conversation's title: one line, 1–120 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title(String);

/// Why a title was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a title is 1–{} characters on one line", Title::MAX_CHARS)]
pub struct TitleError;

impl Title {
    /// The longest title, in characters.
    pub const MAX_CHARS: usize = 120;

    /// Parses a title: control characters stripped, whitespace (newlines included) collapsed.
    ///
    /// # Errors
    /// [`TitleError`] when nothing is left or it is too long.
    pub fn parse(raw: &str) -> Result<Self, TitleError> {
        let text = LearnerText::new(raw, Self::MAX_CHARS * 4).map_err(|_| TitleError)?;
        let line = text
            .as_str()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if line.is_empty() || line.chars().count() > Self::MAX_CHARS {
            return Err(TitleError);
        }
        Ok(Self(line))
    }

    /// A title made from the start of a learner's first message.
    #[must_use]
    pub fn from_message(text: &LearnerText) -> Self {
        let line = text
            .as_str()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let short: String = line.chars().take(60).collect();
        if short.is_empty() {
            Self("New conversation".to_owned())
        } else if short.chars().count() < line.chars().count() {
            Self(format!("{short}…"))
        } else {
            Self(short)
        }
    }

    /// The text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The running summary of a conversation's older messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The summary.
    pub text: String,
    /// The newest message it covers.
    pub through: MessageId,
}

/// A learner's conversation with the tutor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversation {
    /// Its id.
    pub id: ConversationId,
    /// The learner it belongs to.
    pub owner: UserId,
    /// Its title.
    pub title: Title,
    /// The exercise it is about, if any.
    pub exercise: Option<ExerciseId>,
    /// The summary of older messages, once there is one.
    pub summary: Option<Summary>,
    /// When it was started.
    pub created_at: OffsetDateTime,
    /// When it last changed (a message, a rename).
    pub updated_at: OffsetDateTime,
}

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Author {
    /// The learner.
    Learner,
    /// The tutor (a model).
    Tutor,
}

impl Author {
    /// The stored name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Learner => "learner",
            Self::Tutor => "tutor",
        }
    }

    /// From the stored name.
    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "learner" => Some(Self::Learner),
            "tutor" => Some(Self::Tutor),
            _ => None,
        }
    }
}

/// How a message ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageStatus {
    /// Whole.
    Complete,
    /// Cut off: the learner went away or the stream broke; the text is what arrived.
    Interrupted,
    /// The model did not answer; the text says why, for the learner.
    Failed,
}

impl MessageStatus {
    /// The stored name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Complete => "complete",
            Self::Interrupted => "interrupted",
            Self::Failed => "failed",
        }
    }

    /// From the stored name.
    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "complete" => Some(Self::Complete),
            "interrupted" => Some(Self::Interrupted),
            "failed" => Some(Self::Failed),
            _ => None,
        }
    }
}

/// One message of a conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Its id (time-ordered).
    pub id: MessageId,
    /// The conversation.
    pub conversation: ConversationId,
    /// Who wrote it.
    pub author: Author,
    /// The text.
    pub content: String,
    /// How it ended.
    pub status: MessageStatus,
    /// Prompt tokens the answer cost (tutor messages).
    pub prompt_tokens: u32,
    /// Completion tokens the answer cost (tutor messages).
    pub completion_tokens: u32,
    /// When it was stored.
    pub created_at: OffsetDateTime,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn titles_are_one_trimmed_line() {
        assert_eq!(
            Title::parse("  Loops\n and\tlists ").unwrap().as_str(),
            "Loops and lists"
        );
        assert!(Title::parse(" \u{0} \n").is_err());
        assert!(Title::parse(&"a".repeat(121)).is_err());
        assert!(Title::parse(&"a".repeat(120)).is_ok());
    }

    #[test]
    fn a_long_first_message_makes_a_short_title() {
        let text = LearnerText::new(&"why ".repeat(40), 4000).unwrap();
        let title = Title::from_message(&text);
        assert!(title.as_str().ends_with('…'));
        assert!(title.as_str().chars().count() <= 61);
    }
}
