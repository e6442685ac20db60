//! Tutoring: the [`LanguageModel`] port every model provider is adapted to, with its request
//! and streaming event types, and the rule that learner text and code reach a model only as
//! delimited data ([`ChatMessage::data`]), never as instructions.
//!
//! Providers, routing, budgets and the tutor itself build on this port (issue 6).
#![forbid(unsafe_code)]

pub mod cache;
pub mod guard;
pub mod model;
pub mod prompt;
pub mod router;
pub mod tutor;
pub mod usage;

pub use cache::{AnswerCache, cache_key};
pub use guard::{OutputGuard, code_similarity, injection_signals};
pub use model::{
    ChatMessage, FinishReason, JsonSchema, LanguageModel, ModelError, ModelRequest, ModelStream,
    Role, StreamEvent, TimeoutKind, Usage, delimit,
};
pub use prompt::{
    Attempt, ExerciseBrief, ExerciseSpec, FEEDBACK_PROMPT_VERSION, GENERATE_PROMPT_VERSION,
    GradedAttempt, HINT_PROMPT_VERSION, HelpLevel, LearnerBrief, PriorTurn, TUTOR_PROMPT_VERSION,
};
pub use router::{CircuitState, Routed, Router, RouterSettings};
pub use tutor::{
    AnswerEvent, AnswerStream, AssistError, AssistText, ExerciseView, Price, Question, Refusal,
    TutorContext, TutorPorts, TutorService, TutorSettings, WITHHELD,
};
pub use usage::{DayUsage, Purpose, UsageLedger, UsageRecord, UsageTotals};
