//! Chat: a learner's conversations with the tutor. Conversations belong to one learner (another
//! learner's conversation does not exist for them), may be attached to an exercise, and keep
//! their messages with author, status and token counts. A turn stores the learner's message,
//! streams the tutor's answer and stores it — complete, interrupted (the learner went away) or
//! failed (the model did not answer), so nothing the learner wrote is lost.
//!
//! The tutor is a port ([`Tutor`]); the composition root wires the tutoring domain into it.
//! The model sees a bounded context: the last turns verbatim plus a running summary of older
//! ones, and storage per conversation is bounded too.
#![forbid(unsafe_code)]

pub mod model;
pub mod ports;
pub mod service;

pub use model::{Author, Conversation, Message, MessageStatus, Summary, Title, TitleError};
pub use ports::{
    ConversationRepository, Turn, Tutor, TutorEvent, TutorFailure, TutorRefusal, TutorRequest,
    TutorStream,
};
pub use service::{ChatError, ChatService, ChatSettings, SendError, TurnEvent, TurnStream};
