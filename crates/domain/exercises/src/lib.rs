//! The exercise catalog: curated exercises as versioned data, seeded idempotently from the
//! repository's `content/` folder, browsed by learners (never seeing hidden tests or the
//! reference solution), with a hint ladder whose reveals are recorded per learner.
//!
//! Grading ([`grading`]) stores each submission first, then a worker grades it by running the
//! learner's code through the [`CodeRunner`] port (the sandbox adapter) and publishes a
//! [`SubmissionGraded`] event.
//!
//! Generation ([`generation`]) has a model write an exercise, checks it against the content
//! schema ([`draft`]), proves it in the sandbox and queues it for review.
#![forbid(unsafe_code)]

pub mod draft;
pub mod generation;
pub mod grading;
pub mod model;
pub mod ports;
pub mod runner;
pub mod service;

pub use draft::{DraftParts, MIN_HINTS, Problem, test_file_names};
pub use generation::{
    ExerciseWriter, GenerateError, GeneratedExercise, GeneratedExerciseRepository, GeneratedQuery,
    GenerationPorts, GenerationRequest, GenerationService, GenerationSettings, ReviewError,
    ReviewStatus, WriteError, Written, WrittenExercise, written_exercise_schema,
};
pub use grading::{
    CodeError, GradeStep, GradingEvents, GradingPorts, GradingService, GradingSettings,
    HIDDEN_CRASH, Submission, SubmissionGraded, SubmissionQuery, SubmissionRepository,
    SubmissionStatus, SubmitError, SubmittedCode,
};
pub use model::{
    Difficulty, Exercise, ExerciseDraft, ExerciseVersion, Hint, Limits, Slug, SlugError,
    SourceFile, Topic,
};
pub use ports::{CatalogPage, CatalogQuery, CatalogRepository, HintLedger, SeedOutcome};
pub use runner::{
    CodeRunner, OutputCaps, RunRequest, RunnerError, TestOutcome, TimeLimitKind, Verdict,
};
pub use service::{ExerciseService, HintError, RevealedHint, SeedError, SeedReport};
