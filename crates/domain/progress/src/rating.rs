//! The skill model: Elo-style ratings of learners (per topic) against exercises.
//!
//! A learner's first submission of an exercise is a "match" between the learner and the
//! exercise, and the expected score (the logistic Elo curve) is the probability of passing at
//! the first try. Hints revealed before it lower its weight, win or lose; a pass after failed
//! submissions is a small extra win, other retries and anything after the exercise is solved
//! count nothing, and giving up is a loss. Counting one first try per exercise keeps the
//! rating an unbiased estimate of first-try success, which is what selection aims at. The K factor shrinks as
//! a rating gathers evidence (Glicko's idea of uncertainty, kept to one number). Every rating
//! stays within [`MIN_RATING`, `MAX_RATING`]. The constants and their reasons are in
//! `docs/adaptation.md`.

use mentor_kernel::Difficulty;
use serde::Serialize;

/// The lowest rating.
pub const MIN_RATING: f64 = 100.0;
/// The highest rating.
pub const MAX_RATING: f64 = 3000.0;
/// The success probability adaptive selection aims at.
pub const TARGET_SUCCESS: f64 = 0.7;
/// Learner K factor with no evidence.
pub const LEARNER_K_MAX: f64 = 160.0;
/// Learner K factor after much evidence.
pub const LEARNER_K_MIN: f64 = 32.0;
/// Games after which the learner K factor has come halfway down.
pub const LEARNER_K_HALF_LIFE: f64 = 10.0;
/// Exercise K factor with no evidence.
pub const EXERCISE_K_MAX: f64 = 32.0;
/// Exercise K factor after much evidence.
pub const EXERCISE_K_MIN: f64 = 4.0;
/// Games after which the exercise K factor has come halfway down.
pub const EXERCISE_K_HALF_LIFE: f64 = 20.0;
/// Weight of giving up (skipping the daily exercise after failing it).
pub const GIVE_UP_WEIGHT: f64 = 0.6;
/// Each hint revealed before the first submission multiplies its weight by this.
pub const HINT_FACTOR: f64 = 0.75;
/// Weight of a pass after failed submissions (the failure already counted as a loss).
pub const RETRY_WIN_WEIGHT: f64 = 0.25;
/// The smallest weight hints can bring a first submission down to.
pub const MIN_WIN_WEIGHT: f64 = 0.25;

/// How far apart two orders of the same two independent matches may end, as a share of the
/// learner's K factor before them: the second match sees the first's rating and games count.
/// See `docs/adaptation.md`.
pub const ORDER_TOLERANCE: f64 = 0.25;

/// Keeps a rating within bounds (a non-finite rating becomes the midpoint of the bounds).
#[must_use]
pub fn clamp(rating: f64) -> f64 {
    if rating.is_finite() {
        rating.clamp(MIN_RATING, MAX_RATING)
    } else {
        f64::midpoint(MIN_RATING, MAX_RATING)
    }
}

/// The probability that a learner rated `learner` solves an exercise rated `exercise`.
#[must_use]
pub fn expected(learner: f64, exercise: f64) -> f64 {
    1.0 / (1.0 + 10f64.powf((exercise - learner) / 400.0))
}

/// The exercise rating at which a learner rated `learner` has [`TARGET_SUCCESS`].
#[must_use]
pub fn target_exercise_rating(learner: f64) -> f64 {
    learner - 400.0 * (TARGET_SUCCESS / (1.0 - TARGET_SUCCESS)).log10()
}

/// The starting rating of an exercise from its authored difficulty (800 for 1 … 1600 for 5).
#[must_use]
pub fn initial_exercise_rating(difficulty: Difficulty) -> f64 {
    600.0 + 200.0 * f64::from(difficulty.get())
}

/// How experienced a learner said they are at onboarding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StartLevel {
    /// New to programming.
    Beginner,
    /// Writes small programs.
    Intermediate,
    /// Comfortable.
    Advanced,
}

/// The starting rating of a learner in every topic, from the onboarding level (1000 when the
/// learner has not said).
#[must_use]
pub fn initial_learner_rating(level: Option<StartLevel>) -> f64 {
    match level {
        Some(StartLevel::Beginner) => 800.0,
        Some(StartLevel::Intermediate) => 1100.0,
        Some(StartLevel::Advanced) => 1400.0,
        None => 1000.0,
    }
}

/// The starting rating in a topic the learner has no rating in yet: the mean of their other
/// topic ratings (skill carries over between topics), or the onboarding level's rating when
/// they have none.
#[must_use]
pub fn starting_rating(level: Option<StartLevel>, rated: &[f64]) -> f64 {
    if rated.is_empty() {
        return initial_learner_rating(level);
    }
    #[allow(clippy::cast_precision_loss)]
    let n = rated.len() as f64;
    clamp(rated.iter().sum::<f64>() / n)
}

/// The result of one match, with its weight in (0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// The learner solved it.
    Win {
        /// How much it counts.
        weight: f64,
    },
    /// The learner failed it, or gave up.
    Loss {
        /// How much it counts.
        weight: f64,
    },
    /// Nothing to learn (an exercise solved before, or failures past the counted ones).
    Nothing,
}

/// What a graded submission says about the learner: `passed`, after `attempts` submissions of
/// this exercise (this one included) and `hints` revealed, on an exercise the learner had
/// `already_solved` or not.
#[must_use]
pub fn outcome(passed: bool, attempts: u32, hints: u32, already_solved: bool) -> Outcome {
    if already_solved {
        return Outcome::Nothing;
    }
    let hinted = HINT_FACTOR
        .powi(i32::try_from(hints).unwrap_or(i32::MAX))
        .clamp(MIN_WIN_WEIGHT, 1.0);
    match (attempts <= 1, passed) {
        (true, true) => Outcome::Win { weight: hinted },
        (true, false) => Outcome::Loss { weight: hinted },
        (false, true) => Outcome::Win {
            weight: RETRY_WIN_WEIGHT * hinted,
        },
        (false, false) => Outcome::Nothing,
    }
}

/// The outcome of giving up an exercise (skipping it after failing it, unsolved).
#[must_use]
pub const fn give_up() -> Outcome {
    Outcome::Loss {
        weight: GIVE_UP_WEIGHT,
    }
}

/// The learner's K factor after `games` counted matches in a topic.
#[must_use]
pub fn learner_k(games: u32) -> f64 {
    k_factor(games, LEARNER_K_MAX, LEARNER_K_MIN, LEARNER_K_HALF_LIFE)
}

/// The K factor after `games` counted matches, falling from `max` towards `min`.
fn k_factor(games: u32, max: f64, min: f64, half_life: f64) -> f64 {
    min + (max - min) / (1.0 + f64::from(games) / half_life)
}

/// One side of a match: a rating and how many matches it has counted.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rated {
    /// The rating.
    pub rating: f64,
    /// Counted matches.
    pub games: u32,
}

/// How a match moves both ratings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RatingChange {
    /// Added to the learner's rating (in each of the exercise's topics).
    pub learner: f64,
    /// Added to the exercise's rating.
    pub exercise: f64,
    /// The predicted success before the match.
    pub expected: f64,
}

/// The rating changes of one match. A win never lowers the learner's rating, a loss never
/// raises it, and the exercise moves the other way.
#[must_use]
pub fn change(learner: Rated, exercise: Rated, outcome: Outcome) -> RatingChange {
    let e = expected(clamp(learner.rating), clamp(exercise.rating));
    let kl = k_factor(
        learner.games,
        LEARNER_K_MAX,
        LEARNER_K_MIN,
        LEARNER_K_HALF_LIFE,
    );
    let ke = k_factor(
        exercise.games,
        EXERCISE_K_MAX,
        EXERCISE_K_MIN,
        EXERCISE_K_HALF_LIFE,
    );
    let (learner_delta, exercise_delta) = match outcome {
        Outcome::Win { weight } => {
            let w = weight.clamp(0.0, 1.0);
            (kl * w * (1.0 - e), -ke * w * (1.0 - e))
        }
        Outcome::Loss { weight } => {
            let w = weight.clamp(0.0, 1.0);
            (-kl * w * e, ke * w * e)
        }
        Outcome::Nothing => (0.0, 0.0),
    };
    RatingChange {
        learner: learner_delta,
        exercise: exercise_delta,
        expected: e,
    }
}

/// A rating moved by `delta`, kept within bounds.
#[must_use]
pub fn apply(rating: f64, delta: f64) -> f64 {
    clamp(clamp(rating) + delta)
}

/// Whether `outcome` counts as a match (raises the games count).
#[must_use]
pub const fn counts(outcome: Outcome) -> bool {
    !matches!(outcome, Outcome::Nothing)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rating() -> impl Strategy<Value = f64> {
        MIN_RATING..=MAX_RATING
    }

    fn any_outcome() -> impl Strategy<Value = Outcome> {
        prop_oneof![
            (0.0..=1.0f64).prop_map(|weight| Outcome::Win { weight }),
            (0.0..=1.0f64).prop_map(|weight| Outcome::Loss { weight }),
            Just(Outcome::Nothing),
        ]
    }

    proptest! {
        #[test]
        fn ratings_stay_within_bounds(l in rating(), e in rating(), lg in 0u32..500, eg in 0u32..500, o in any_outcome()) {
            let c = change(Rated { rating: l, games: lg }, Rated { rating: e, games: eg }, o);
            let nl = apply(l, c.learner);
            let ne = apply(e, c.exercise);
            prop_assert!((MIN_RATING..=MAX_RATING).contains(&nl));
            prop_assert!((MIN_RATING..=MAX_RATING).contains(&ne));
        }

        #[test]
        fn a_win_never_lowers_and_a_loss_never_raises(l in rating(), e in rating(), lg in 0u32..500, eg in 0u32..500, w in 0.0..=1.0f64) {
            let learner = Rated { rating: l, games: lg };
            let exercise = Rated { rating: e, games: eg };
            let win = change(learner, exercise, Outcome::Win { weight: w });
            prop_assert!(apply(l, win.learner) >= l);
            prop_assert!(apply(e, win.exercise) <= e);
            let loss = change(learner, exercise, Outcome::Loss { weight: w });
            prop_assert!(apply(l, loss.learner) <= l);
            prop_assert!(apply(e, loss.exercise) >= e);
        }

        #[test]
        fn every_real_submission_gives_a_sensible_outcome(passed: bool, attempts in 1u32..50, hints in 0u32..10, solved: bool) {
            match outcome(passed, attempts, hints, solved) {
                Outcome::Win { weight } => {
                    prop_assert!(passed && !solved);
                    prop_assert!(weight > 0.0 && weight <= 1.0);
                    prop_assert_eq!(weight == 1.0, attempts == 1 && hints == 0);
                }
                Outcome::Loss { weight } => prop_assert!(!passed && !solved && attempts == 1 && weight > 0.0),
                Outcome::Nothing => prop_assert!(solved || (!passed && attempts > 1)),
            }
        }

        /// Two matches of one learner against different exercises, applied in either order,
        /// end within [`ORDER_TOLERANCE`] × K points of each other.
        #[test]
        fn order_of_independent_updates_does_not_matter_beyond_tolerance(
            // Away from the bounds by two maximal steps: clamping is not commutative.
            l in (MIN_RATING + 2.0 * LEARNER_K_MAX)..=(MAX_RATING - 2.0 * LEARNER_K_MAX), lg in 0u32..200, a in rating(), b in rating(), oa in any_outcome(), ob in any_outcome(),
        ) {
            let ex_a = Rated { rating: a, games: 0 };
            let ex_b = Rated { rating: b, games: 0 };
            let run = |first: (Rated, Outcome), second: (Rated, Outcome)| {
                let c1 = change(Rated { rating: l, games: lg }, first.0, first.1);
                let r1 = apply(l, c1.learner);
                let g1 = lg + u32::from(counts(first.1));
                let c2 = change(Rated { rating: r1, games: g1 }, second.0, second.1);
                apply(r1, c2.learner)
            };
            let ab = run((ex_a, oa), (ex_b, ob));
            let ba = run((ex_b, ob), (ex_a, oa));
            prop_assert!((ab - ba).abs() <= ORDER_TOLERANCE * learner_k(lg), "{ab} vs {ba}");
        }
    }

    #[test]
    fn the_target_is_seventy_percent() {
        let r = 1234.0;
        assert!((expected(r, target_exercise_rating(r)) - TARGET_SUCCESS).abs() < 1e-9);
    }

    #[test]
    fn a_clean_first_try_counts_most() {
        let clean = outcome(true, 1, 0, false);
        let hinted = outcome(true, 1, 2, false);
        let retried = outcome(true, 3, 0, false);
        let l = Rated {
            rating: 1000.0,
            games: 5,
        };
        let e = Rated {
            rating: 1000.0,
            games: 5,
        };
        let (c, h, r) = (
            change(l, e, clean),
            change(l, e, hinted),
            change(l, e, retried),
        );
        assert!(c.learner > h.learner && c.learner > r.learner && h.learner > 0.0);
        assert_eq!(outcome(true, 1, 0, true), Outcome::Nothing);
    }

    #[test]
    fn non_finite_ratings_are_pulled_back() {
        assert!((MIN_RATING..=MAX_RATING).contains(&clamp(f64::NAN)));
        assert!((MIN_RATING..=MAX_RATING).contains(&apply(f64::INFINITY, 5.0)));
    }
}
