//! Tutoring: the [`LanguageModel`] port every model provider is adapted to, with its request
//! and streaming event types, and the rule that learner text and code reach a model only as
//! delimited data ([`ChatMessage::data`]), never as instructions.
//!
//! Providers, routing, budgets and the tutor itself build on this port (issue 6).
#![forbid(unsafe_code)]

pub mod model;
pub mod router;

pub use model::{
    ChatMessage, FinishReason, JsonSchema, LanguageModel, ModelError, ModelRequest, ModelStream,
    Role, StreamEvent, TimeoutKind, Usage, delimit,
};
pub use router::{CircuitState, Router, RouterSettings};
