//! Achievements: milestones computed from a learner's record. Evaluation is a pure function of
//! the facts, so replaying an event or evaluating twice earns nothing new; the store keeps
//! each achievement once per learner, with the time it was first earned.

use std::collections::{BTreeMap, BTreeSet};

use mentor_kernel::{ExerciseId, Language, Topic};
use serde::Serialize;
use time::Date;

use crate::calendar::days_between;

/// One achievement of the fixed list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Achievement {
    /// Stable code (stored, and the frontend's key).
    pub code: &'static str,
    /// Short title.
    pub title: &'static str,
    /// How it is earned.
    pub description: &'static str,
}

const fn a(code: &'static str, title: &'static str, description: &'static str) -> Achievement {
    Achievement {
        code,
        title,
        description,
    }
}

/// Every achievement.
pub const ALL: [Achievement; 20] = [
    a("first-solve", "First steps", "Solve your first exercise."),
    a(
        "first-try",
        "First try",
        "Pass an exercise with your first submission.",
    ),
    a(
        "no-hints",
        "On your own",
        "Solve an exercise without revealing a hint.",
    ),
    a("streak-3", "Warming up", "Keep a streak for 3 days."),
    a("streak-7", "One week", "Keep a streak for 7 days."),
    a("streak-30", "One month", "Keep a streak for 30 days."),
    a("streak-100", "Hundred days", "Keep a streak for 100 days."),
    a(
        "difficulty-1",
        "Level 1",
        "Solve an exercise of difficulty 1.",
    ),
    a(
        "difficulty-2",
        "Level 2",
        "Solve an exercise of difficulty 2.",
    ),
    a(
        "difficulty-3",
        "Level 3",
        "Solve an exercise of difficulty 3.",
    ),
    a(
        "difficulty-4",
        "Level 4",
        "Solve an exercise of difficulty 4.",
    ),
    a(
        "difficulty-5",
        "Level 5",
        "Solve an exercise of difficulty 5.",
    ),
    a("python-10", "Pythonista", "Solve 10 Python exercises."),
    a(
        "javascript-10",
        "JavaScripter",
        "Solve 10 JavaScript exercises.",
    ),
    a("solves-25", "Quarter century", "Solve 25 exercises."),
    a("solves-50", "Half a hundred", "Solve 50 exercises."),
    a("polyglot", "Polyglot", "Solve exercises in two languages."),
    a(
        "topic-mastery",
        "Topic master",
        "Reach a rating of 1500 in a topic with 3 solves in it.",
    ),
    a(
        "comeback",
        "Welcome back",
        "Solve an exercise after a break of 14 days or more.",
    ),
    a(
        "persistence",
        "Persistence",
        "Solve an exercise after 5 or more failed submissions of it.",
    ),
];

/// The achievement with this code.
#[must_use]
pub fn find(code: &str) -> Option<Achievement> {
    ALL.into_iter().find(|a| a.code == code)
}

/// Rating needed for topic mastery.
pub const MASTERY_RATING: f64 = 1500.0;
/// Solves in the topic needed for topic mastery.
pub const MASTERY_SOLVES: usize = 3;
/// Days without activity that make the next solve a comeback.
pub const COMEBACK_GAP_DAYS: i64 = 14;

/// One solved exercise (its first pass).
#[derive(Debug, Clone, PartialEq)]
pub struct SolveFact {
    /// The exercise.
    pub exercise: ExerciseId,
    /// Its language.
    pub language: Language,
    /// Its difficulty, 1–5.
    pub difficulty: u8,
    /// Its topics.
    pub topics: Vec<Topic>,
    /// Submissions up to the pass, the pass included.
    pub attempts: u32,
    /// Hints revealed before the pass.
    pub hints_used: u32,
    /// The learner's day of the pass.
    pub day: Date,
}

/// What achievements are computed from.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Every solved exercise.
    pub solves: Vec<SolveFact>,
    /// The longest streak.
    pub longest_streak: u32,
    /// Current rating per topic.
    pub ratings: BTreeMap<Topic, f64>,
    /// Every day with any graded submission.
    pub active_days: Vec<Date>,
}

/// The achievements `facts` earn (each once, in list order).
#[must_use]
pub fn earned(facts: &Facts) -> Vec<Achievement> {
    let solves = &facts.solves;
    let mut codes: BTreeSet<&'static str> = BTreeSet::new();
    let mut add = |code: &'static str, yes: bool| {
        if yes {
            codes.insert(code);
        }
    };
    add("first-solve", !solves.is_empty());
    add("first-try", solves.iter().any(|s| s.attempts <= 1));
    add("no-hints", solves.iter().any(|s| s.hints_used == 0));
    for (code, days) in [
        ("streak-3", 3),
        ("streak-7", 7),
        ("streak-30", 30),
        ("streak-100", 100),
    ] {
        add(code, facts.longest_streak >= days);
    }
    for (code, level) in [
        ("difficulty-1", 1),
        ("difficulty-2", 2),
        ("difficulty-3", 3),
        ("difficulty-4", 4),
        ("difficulty-5", 5),
    ] {
        add(code, solves.iter().any(|s| s.difficulty == level));
    }
    let in_language = |l: Language| solves.iter().filter(|s| s.language == l).count();
    add("python-10", in_language(Language::Python) >= 10);
    add("javascript-10", in_language(Language::JavaScript) >= 10);
    add("solves-25", solves.len() >= 25);
    add("solves-50", solves.len() >= 50);
    let languages: BTreeSet<Language> = solves.iter().map(|s| s.language).collect();
    add("polyglot", languages.len() >= 2);
    add(
        "topic-mastery",
        facts.ratings.iter().any(|(topic, rating)| {
            *rating >= MASTERY_RATING
                && solves.iter().filter(|s| s.topics.contains(topic)).count() >= MASTERY_SOLVES
        }),
    );
    let mut active = facts.active_days.clone();
    active.sort_unstable();
    active.dedup();
    add(
        "comeback",
        solves.iter().any(|s| {
            let before = active.iter().rev().find(|d| **d < s.day);
            before.is_some_and(|d| days_between(*d, s.day) >= COMEBACK_GAP_DAYS)
        }),
    );
    add("persistence", solves.iter().any(|s| s.attempts >= 6));
    ALL.into_iter().filter(|a| codes.contains(a.code)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::{Duration, macros::date};

    fn solve(
        day: Date,
        attempts: u32,
        hints: u32,
        difficulty: u8,
        language: Language,
    ) -> SolveFact {
        SolveFact {
            exercise: ExerciseId::generate(),
            language,
            difficulty,
            topics: vec![Topic::Loops],
            attempts,
            hints_used: hints,
            day,
        }
    }

    #[test]
    fn there_are_at_least_fifteen_distinct_achievements() {
        let codes: BTreeSet<_> = ALL.iter().map(|a| a.code).collect();
        assert!(codes.len() == ALL.len() && ALL.len() >= 15);
        assert!(ALL.iter().all(|a| find(a.code) == Some(*a)));
    }

    #[test]
    fn nothing_done_nothing_earned() {
        assert!(earned(&Facts::default()).is_empty());
    }

    #[test]
    fn a_hinted_retried_solve_is_a_first_solve_only() {
        let day = date!(2026 - 02 - 02);
        let facts = Facts {
            solves: vec![solve(day, 2, 1, 2, Language::Python)],
            active_days: vec![day],
            longest_streak: 1,
            ..Facts::default()
        };
        let codes: Vec<_> = earned(&facts).iter().map(|a| a.code).collect();
        assert_eq!(codes, ["first-solve", "difficulty-2"]);
    }

    #[test]
    fn every_kind_of_milestone_is_recognised() {
        let day = date!(2026 - 02 - 02);
        let mut solves: Vec<SolveFact> = (0..10)
            .map(|i| solve(day, 1, 0, (i % 5) + 1, Language::Python))
            .collect();
        solves.extend((0..10).map(|_| solve(day, 1, 0, 1, Language::JavaScript)));
        solves.extend((0..5).map(|_| solve(day, 1, 0, 1, Language::JavaScript)));
        let late = day + Duration::days(20);
        solves.push(solve(late, 7, 3, 3, Language::Python));
        let facts = Facts {
            solves,
            longest_streak: 100,
            ratings: BTreeMap::from([(Topic::Loops, 1600.0)]),
            active_days: vec![day, late],
        };
        assert_eq!(earned(&facts).len(), ALL.len() - 1, "all but solves-50");
    }
}
