//! The progress domain's data: what it learns from (graded attempts), what it reads about
//! exercises and learners, and what it stores.

use std::time::Duration;

use mentor_kernel::{Difficulty, ExerciseId, Language, SubmissionId, Topic, UserId};
use serde::Serialize;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::{
    calendar::Zone,
    rating::{Rated, StartLevel},
};

/// What progress needs to know about a catalog exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExerciseInfo {
    /// Its id.
    pub id: ExerciseId,
    /// Slug (for links).
    pub slug: String,
    /// Title.
    pub title: String,
    /// Language.
    pub language: Language,
    /// Authored difficulty.
    pub difficulty: Difficulty,
    /// Topics (at least one).
    pub topics: Vec<Topic>,
}

/// What progress needs to know about a learner (from their profile).
#[derive(Debug, Clone)]
pub struct LearnerContext {
    /// Their time zone now.
    pub zone: Zone,
    /// Preferred languages (empty: any).
    pub languages: Vec<Language>,
    /// Self-assessed level, if given.
    pub level: Option<StartLevel>,
}

/// "A submission was graded", as progress sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradedAttempt {
    /// The submission.
    pub submission: SubmissionId,
    /// The learner.
    pub user: UserId,
    /// The exercise.
    pub exercise: ExerciseId,
    /// Whether every test passed.
    pub passed: bool,
    /// The learner's submissions for this exercise so far, this one included.
    pub attempts: u32,
    /// Authored hints revealed before submitting.
    pub hints_used: u32,
    /// From the first submission for this exercise to this one.
    pub time_spent: Duration,
    /// When the learner submitted.
    pub submitted_at: OffsetDateTime,
    /// When the verdict was recorded.
    pub graded_at: OffsetDateTime,
}

/// What an attempt record stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AttemptKind {
    /// A graded submission.
    Graded,
    /// The learner gave up the exercise (skipped it as the daily exercise after failing it).
    GaveUp,
}

impl AttemptKind {
    /// The stored name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Graded => "graded",
            Self::GaveUp => "gave_up",
        }
    }

    /// Parses a stored name.
    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "graded" => Some(Self::Graded),
            "gave_up" => Some(Self::GaveUp),
            _ => None,
        }
    }
}

/// One entry of a learner's history, with the rating change it caused. Stored once per id:
/// recording it again changes nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptRecord {
    /// The submission id (graded) or a fresh id (gave up); time-ordered.
    pub id: Uuid,
    /// What it is.
    pub kind: AttemptKind,
    /// The learner.
    pub user: UserId,
    /// The exercise.
    pub exercise: ExerciseId,
    /// The exercise's language.
    pub language: Language,
    /// The exercise's difficulty.
    pub difficulty: Difficulty,
    /// The exercise's topics.
    pub topics: Vec<Topic>,
    /// Whether it passed.
    pub passed: bool,
    /// Whether this was the learner's first pass of the exercise.
    pub first_solve: bool,
    /// The learner's submissions of this exercise so far.
    pub attempts: u32,
    /// Hints revealed.
    pub hints_used: u32,
    /// Time from the first submission of the exercise to this one.
    pub time_spent: Duration,
    /// The learner's local day when it happened.
    pub day: Date,
    /// When it happened (submitted, or gave up).
    pub at: OffsetDateTime,
    /// Added to the learner's rating in each topic.
    pub learner_delta: f64,
    /// Added to the exercise's rating.
    pub exercise_delta: f64,
    /// Whether it counted as a match (raises the games counts).
    pub counted: bool,
}

/// Where ratings start when a record is the first for a learner's topic or an exercise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Initial {
    /// The learner's rating in a topic not rated yet.
    pub learner: f64,
    /// The exercise's rating when not rated yet.
    pub exercise: f64,
}

/// A solved exercise: its first pass (the passed submission with the smallest id).
#[derive(Debug, Clone, PartialEq)]
pub struct Solve {
    /// The exercise.
    pub exercise: ExerciseId,
    /// The first passed submission.
    pub submission: Uuid,
    /// The exercise's language.
    pub language: Language,
    /// The exercise's difficulty.
    pub difficulty: Difficulty,
    /// The exercise's topics.
    pub topics: Vec<Topic>,
    /// Submissions up to the pass, the pass included.
    pub attempts: u32,
    /// Hints revealed before the pass.
    pub hints_used: u32,
    /// From the first submission of the exercise to the pass.
    pub time_spent: Duration,
    /// The learner's day of the pass.
    pub day: Date,
}

impl Solve {
    /// The solve a passed record stands for.
    #[must_use]
    pub fn of(record: &AttemptRecord) -> Self {
        Self {
            exercise: record.exercise,
            submission: record.id,
            language: record.language,
            difficulty: record.difficulty,
            topics: record.topics.clone(),
            attempts: record.attempts,
            hints_used: record.hints_used,
            time_spent: record.time_spent,
            day: record.day,
        }
    }
}

/// A learner's rating in one topic.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TopicRating {
    /// The topic.
    pub topic: Topic,
    /// Rating and games.
    pub rating: Rated,
}

/// Counts of one local day (for the heat map and streaks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DayActivity {
    /// The learner's day.
    pub day: Date,
    /// Graded submissions that day.
    pub submissions: u32,
    /// Passed ones.
    pub passed: u32,
}

/// Where a daily exercise came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyPick {
    /// The learner.
    pub user: UserId,
    /// The learner's day.
    pub day: Date,
    /// The exercise.
    pub exercise: ExerciseId,
    /// Why it was chosen, for the learner.
    pub reason: String,
    /// The exercise it replaced, when skipped.
    pub skipped: Option<ExerciseId>,
    /// When it was chosen.
    pub chosen_at: OffsetDateTime,
}

/// An achievement a learner earned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Award {
    /// The achievement's code.
    pub code: String,
    /// When it was earned.
    pub earned_at: OffsetDateTime,
}

/// Something to show the learner once (for now: an achievement earned).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// Id (time-ordered).
    pub id: Uuid,
    /// Whose.
    pub user: UserId,
    /// What kind (`achievement`).
    pub kind: String,
    /// The subject (the achievement's code).
    pub subject: String,
    /// When it was created.
    pub created_at: OffsetDateTime,
    /// When the learner marked it read.
    pub read_at: Option<OffsetDateTime>,
}
