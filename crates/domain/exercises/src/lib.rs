//! The exercise catalog: curated exercises as versioned data, seeded idempotently from the
//! repository's `content/` folder, browsed by learners (never seeing hidden tests or the
//! reference solution), with a hint ladder whose reveals are recorded per learner.
//!
//! Grading (the `CodeRunner` port and the sandbox) builds on this crate.
#![forbid(unsafe_code)]

pub mod model;
pub mod ports;
pub mod service;

pub use model::{
    Difficulty, Exercise, ExerciseDraft, ExerciseVersion, Hint, Limits, Slug, SlugError,
    SourceFile, Topic,
};
pub use ports::{CatalogPage, CatalogQuery, CatalogRepository, HintLedger, SeedOutcome};
pub use service::{ExerciseService, HintError, RevealedHint, SeedError, SeedReport};
