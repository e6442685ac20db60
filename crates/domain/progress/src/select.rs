//! Adaptive selection: rank the exercises a learner could do next. Each candidate gets a
//! predicted success from the skill model; the ranking prefers predictions near
//! [`TARGET_SUCCESS`], avoids topics practised in the last [`RECENT_DAYS`] days, and mixes in
//! spaced review of weak topics (see `docs/adaptation.md`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use mentor_kernel::{ExerciseId, Topic, UserId};
use time::Date;

use crate::{
    calendar::days_between,
    model::ExerciseInfo,
    rating::{self, Rated, TARGET_SUCCESS},
};

/// Topics practised within this many days count as recent.
pub const RECENT_DAYS: i64 = 3;
/// Added to the cost of an exercise with a recent topic.
pub const RECENT_PENALTY: f64 = 0.2;
/// A solved topic not practised for this many days is due for review if it is weak.
pub const REVIEW_AFTER_DAYS: i64 = 7;
/// Subtracted from the cost of a review exercise.
pub const REVIEW_BONUS: f64 = 0.1;
/// The longest reason (stores keep at most this many characters).
pub const MAX_REASON_CHARS: usize = 200;
/// Every this many days (by date), the daily exercise is a review when one is due.
pub const REVIEW_EVERY_DAYS: i32 = 3;

/// Everything selection looks at, for one learner on one day.
#[derive(Debug, Clone)]
pub struct Situation {
    /// The learner.
    pub user: UserId,
    /// Their day.
    pub today: Date,
    /// Their rating per rated topic.
    pub ratings: BTreeMap<Topic, Rated>,
    /// Their starting rating in a topic not rated yet.
    pub initial: f64,
    /// Exercises they solved.
    pub solved: BTreeSet<ExerciseId>,
    /// Day of the last solve per topic.
    pub last_solved: BTreeMap<Topic, Date>,
    /// Topics practised recently (attempts and daily picks of the last [`RECENT_DAYS`]).
    pub recent_topics: BTreeSet<Topic>,
    /// Exercise ratings (unrated exercises start from their difficulty).
    pub exercise_ratings: HashMap<ExerciseId, Rated>,
}

/// One ranked candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// The exercise.
    pub exercise: ExerciseInfo,
    /// Predicted success, 0–1.
    pub predicted: f64,
    /// Why, for the learner.
    pub reason: String,
    /// Whether it is a spaced review of a weak topic.
    pub review: bool,
    cost: f64,
}

impl Situation {
    /// The learner's rating for an exercise: the mean of their ratings in its topics.
    #[must_use]
    pub fn learner_rating(&self, topics: &[Topic]) -> f64 {
        if topics.is_empty() {
            return self.initial;
        }
        let sum: f64 = topics
            .iter()
            .map(|t| self.ratings.get(t).map_or(self.initial, |r| r.rating))
            .sum();
        #[allow(clippy::cast_precision_loss)]
        let n = topics.len() as f64;
        sum / n
    }

    /// The exercise's rating.
    #[must_use]
    pub fn exercise_rating(&self, exercise: &ExerciseInfo) -> f64 {
        self.exercise_ratings.get(&exercise.id).map_or_else(
            || rating::initial_exercise_rating(exercise.difficulty),
            |r| r.rating,
        )
    }

    /// Weak topics due for review, with the days since their last solve: solved before, not
    /// for [`REVIEW_AFTER_DAYS`], and rated below the learner's mean topic rating.
    #[must_use]
    pub fn due_for_review(&self) -> BTreeMap<Topic, i64> {
        if self.ratings.is_empty() {
            return BTreeMap::new();
        }
        #[allow(clippy::cast_precision_loss)]
        let mean = self.ratings.values().map(|r| r.rating).sum::<f64>() / self.ratings.len() as f64;
        self.last_solved
            .iter()
            .filter_map(|(topic, day)| {
                let since = days_between(*day, self.today);
                let rating = self.ratings.get(topic).map_or(self.initial, |r| r.rating);
                (since >= REVIEW_AFTER_DAYS && rating <= mean).then_some((*topic, since))
            })
            .collect()
    }
}

/// A small deterministic jitter (0–0.01) so equal candidates are not always served in catalog
/// order, yet the same learner on the same day gets the same ranking.
fn jitter(user: UserId, day: Date, exercise: ExerciseId) -> f64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let bytes = user
        .as_uuid()
        .as_bytes()
        .iter()
        .chain(day.to_julian_day().to_be_bytes().iter())
        .chain(exercise.as_uuid().as_bytes().iter())
        .copied()
        .collect::<Vec<u8>>();
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    #[allow(clippy::cast_precision_loss)]
    let unit = (h % 10_000) as f64 / 1_000_000.0;
    unit
}

/// Ranks `candidates` for the learner, best first. Unsolved exercises come first; solved ones
/// only when nothing else is left ("practice again").
#[must_use]
pub fn rank(situation: &Situation, candidates: &[ExerciseInfo]) -> Vec<Suggestion> {
    let review = situation.due_for_review();
    let unsolved: Vec<&ExerciseInfo> = candidates
        .iter()
        .filter(|e| !situation.solved.contains(&e.id))
        .collect();
    let pool: Vec<&ExerciseInfo> = if unsolved.is_empty() {
        candidates.iter().collect()
    } else {
        unsolved
    };
    let mut ranked: Vec<Suggestion> = pool
        .into_iter()
        .map(|exercise| {
            let predicted = rating::expected(
                situation.learner_rating(&exercise.topics),
                situation.exercise_rating(exercise),
            );
            let recent = exercise
                .topics
                .iter()
                .any(|t| situation.recent_topics.contains(t));
            let reviewed = exercise
                .topics
                .iter()
                .find_map(|t| review.get(t).map(|days| (*t, *days)));
            let mut cost = (predicted - TARGET_SUCCESS).abs()
                + jitter(situation.user, situation.today, exercise.id);
            if recent {
                cost += RECENT_PENALTY;
            }
            if reviewed.is_some() {
                cost -= REVIEW_BONUS;
            }
            let percent = (predicted * 100.0).round();
            let reason = if situation.solved.contains(&exercise.id) {
                format!("practice again: you solved this before ({percent} % predicted success)")
            } else if let Some((topic, days)) = reviewed {
                format!("review: {}, last solved {days} days ago", topic.as_str())
            } else if let Some(new) = exercise
                .topics
                .iter()
                .find(|t| !situation.ratings.contains_key(t))
            {
                format!(
                    "new topic: {} ({percent} % predicted success)",
                    new.as_str()
                )
            } else {
                let topics: Vec<&str> = exercise.topics.iter().map(|t| t.as_str()).collect();
                format!(
                    "at your level: {percent} % predicted success in {}",
                    topics.join(", ")
                )
            };
            Suggestion {
                exercise: exercise.clone(),
                predicted,
                reason: reason.chars().take(MAX_REASON_CHARS).collect(),
                review: reviewed.is_some(),
                cost,
            }
        })
        .collect();
    ranked.sort_by(|a, b| a.cost.total_cmp(&b.cost));
    ranked
}

/// The daily exercise among ranked suggestions: the best one, except that every
/// [`REVIEW_EVERY_DAYS`]th day the best review is taken when one is due.
#[must_use]
pub fn daily(situation: &Situation, ranked: &[Suggestion]) -> Option<Suggestion> {
    if situation.today.to_julian_day() % REVIEW_EVERY_DAYS == 0
        && let Some(review) = ranked.iter().find(|s| s.review)
    {
        return Some(review.clone());
    }
    ranked.first().cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use mentor_kernel::{Difficulty, Language};
    use time::{Duration, macros::date};

    fn exercise(difficulty: u8, topic: Topic) -> ExerciseInfo {
        ExerciseInfo {
            id: ExerciseId::generate(),
            slug: format!("e-{difficulty}"),
            title: format!("Exercise {difficulty}"),
            language: Language::Python,
            difficulty: Difficulty::new(difficulty).unwrap(),
            topics: vec![topic],
        }
    }

    fn situation(rating: f64) -> Situation {
        Situation {
            user: UserId::generate(),
            today: date!(2026 - 05 - 05),
            ratings: BTreeMap::from([(Topic::Loops, Rated { rating, games: 10 })]),
            initial: rating,
            solved: BTreeSet::new(),
            last_solved: BTreeMap::new(),
            recent_topics: BTreeSet::new(),
            exercise_ratings: HashMap::new(),
        }
    }

    #[test]
    fn the_best_candidate_is_near_seventy_percent() {
        let catalog: Vec<_> = (1..=5).map(|d| exercise(d, Topic::Loops)).collect();
        // 1100 targets ≈ 953: difficulty 2 (1000) is closest.
        let ranked = rank(&situation(1100.0), &catalog);
        assert_eq!(ranked[0].exercise.difficulty.get(), 2);
        assert!((ranked[0].predicted - 0.7).abs() < 0.1);
        let ranked = rank(&situation(1700.0), &catalog);
        assert_eq!(ranked[0].exercise.difficulty.get(), 5);
    }

    #[test]
    fn recent_topics_are_avoided_and_solved_exercises_skipped() {
        let loops = exercise(2, Topic::Loops);
        let strings = exercise(2, Topic::Strings);
        let mut s = situation(1100.0);
        s.recent_topics.insert(Topic::Loops);
        let ranked = rank(&s, &[loops.clone(), strings.clone()]);
        assert_eq!(ranked[0].exercise.id, strings.id);
        s.solved.insert(strings.id);
        let ranked = rank(&s, &[loops.clone(), strings]);
        assert_eq!(ranked.len(), 1);
        assert_eq!(ranked[0].exercise.id, loops.id);
    }

    #[test]
    fn a_weak_topic_not_practised_for_a_week_is_reviewed_with_a_reason() {
        let mut s = situation(1100.0);
        s.ratings.insert(
            Topic::Recursion,
            Rated {
                rating: 900.0,
                games: 4,
            },
        );
        s.last_solved
            .insert(Topic::Recursion, s.today - Duration::days(9));
        let review = exercise(1, Topic::Recursion);
        let ranked = rank(&s, &[exercise(2, Topic::Loops), review.clone()]);
        let found = ranked.iter().find(|r| r.review).unwrap();
        assert_eq!(found.exercise.id, review.id);
        assert_eq!(found.reason, "review: recursion, last solved 9 days ago");
    }

    #[test]
    fn everything_solved_means_practice_again() {
        let e = exercise(1, Topic::Loops);
        let mut s = situation(1000.0);
        s.solved.insert(e.id);
        let ranked = rank(&s, std::slice::from_ref(&e));
        assert!(ranked[0].reason.starts_with("practice again"));
    }
}
