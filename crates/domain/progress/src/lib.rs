//! Progress and adaptation: a skill model (Elo-style ratings per learner and topic, and per
//! exercise) updated once per graded submission, the adaptive daily exercise and
//! recommendations, streaks in the learner's own time zone, achievements with notifications,
//! statistics, history and export.
//!
//! The domain learns from "a submission was graded" ([`GradedAttempt`]); the composition root
//! turns the exercises domain's event into one and adapts the catalog and the learner's
//! profile to [`ExerciseDirectory`] and [`LearnerDirectory`]. The math is pure
//! ([`rating`], [`streak`], [`achievements`], [`select`]) and documented in
//! `docs/adaptation.md`.
#![forbid(unsafe_code)]

pub mod achievements;
pub mod calendar;
pub mod export;
pub mod model;
pub mod ports;
pub mod rating;
pub mod select;
pub mod service;
pub mod streak;

pub use achievements::Achievement;
pub use calendar::{UnknownZone, Zone};
pub use model::{
    AttemptKind, AttemptRecord, Award, DailyPick, DayActivity, ExerciseInfo, GradedAttempt,
    Initial, LearnerContext, Notification, Solve, TopicRating,
};
pub use ports::{
    AchievementRepository, AttemptQuery, DailyRepository, ExerciseDirectory, LearnerDirectory,
    ProgressRepository,
};
pub use rating::{Rated, StartLevel};
pub use select::Suggestion;
pub use service::{
    ActivityError, Daily, DailyError, Earned, ProgressExport, ProgressPorts, ProgressService,
    ProgressSummary, Recorded, SkipError, TopicSummary,
};
pub use streak::Streaks;
