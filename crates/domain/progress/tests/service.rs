//! The progress use cases over the memory adapters, at fixed instants.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::cast_precision_loss)]

mod support;

use std::sync::Arc;
use std::time::Duration;

use mentor_kernel::{
    Clock, Difficulty, ExerciseId, Language, ManualClock, SubmissionId, Topic, UserId,
};
use mentor_memory::{
    MemoryAchievementRepository, MemoryDailyRepository, MemoryExerciseDirectory,
    MemoryLearnerDirectory, MemoryProgressRepository,
};
use mentor_progress::{
    AttemptKind, ExerciseInfo, GradedAttempt, LearnerContext, ProgressPorts, ProgressService,
    SkipError, StartLevel, Zone, rating,
};
use time::macros::{date, datetime};

use support::simulation;

struct World {
    service: ProgressService,
    clock: ManualClock,
    learners: MemoryLearnerDirectory,
    exercises: Vec<ExerciseInfo>,
    user: UserId,
}

fn exercise(topic: Topic, level: u8, language: Language) -> ExerciseInfo {
    ExerciseInfo {
        id: ExerciseId::generate(),
        slug: format!("{}-{level}", topic.as_str()),
        title: format!("{} {level}", topic.as_str()),
        language,
        difficulty: Difficulty::new(level).unwrap(),
        topics: vec![topic],
    }
}

fn world_with(exercises: Vec<ExerciseInfo>) -> World {
    let clock = ManualClock::at(datetime!(2026-03-10 12:00 UTC));
    let learners = MemoryLearnerDirectory::new();
    let service = ProgressService::new(ProgressPorts {
        exercises: Arc::new(MemoryExerciseDirectory::new(exercises.clone())),
        learners: Arc::new(learners.clone()),
        store: Arc::new(MemoryProgressRepository::new()),
        achievements: Arc::new(MemoryAchievementRepository::new()),
        daily: Arc::new(MemoryDailyRepository::new()),
        clock: Arc::new(clock.clone()),
    });
    World {
        service,
        clock,
        learners,
        exercises,
        user: UserId::generate(),
    }
}

fn world() -> World {
    let mut exercises = Vec::new();
    for topic in [Topic::Loops, Topic::Strings, Topic::Recursion, Topic::Lists] {
        for level in 1..=5 {
            exercises.push(exercise(topic, level, Language::Python));
            exercises.push(exercise(topic, level, Language::JavaScript));
        }
    }
    world_with(exercises)
}

impl World {
    fn graded(
        &self,
        exercise: &ExerciseInfo,
        passed: bool,
        attempts: u32,
        hints: u32,
    ) -> GradedAttempt {
        let now = self.clock.now();
        GradedAttempt {
            submission: SubmissionId::generate(),
            user: self.user,
            exercise: exercise.id,
            passed,
            attempts,
            hints_used: hints,
            time_spent: Duration::from_secs(60),
            submitted_at: now,
            graded_at: now,
        }
    }

    fn zone(&self, name: &str, languages: Vec<Language>) {
        self.learners.set(
            self.user,
            LearnerContext {
                zone: Zone::named(name).unwrap(),
                languages,
                level: Some(StartLevel::Intermediate),
            },
        );
    }
}

#[tokio::test]
async fn a_replayed_event_changes_nothing() {
    let w = world();
    let e = &w.exercises[2];
    let event = w.graded(e, true, 1, 0);
    let first = w.service.record(&event).await.unwrap();
    assert!(first.new && first.learner_delta > 0.0);
    let before = w.service.summary(w.user).await.unwrap();
    let again = w.service.record(&event).await.unwrap();
    assert!(!again.new && again.awarded.is_empty());
    let after = w.service.summary(w.user).await.unwrap();
    assert_eq!(before, after);
    assert_eq!(after.submissions, 1);
    assert_eq!(after.solved_total, 1);
}

#[tokio::test]
async fn hints_and_retries_count_less_and_a_solved_exercise_counts_once() {
    let w = world();
    let clean = w
        .service
        .record(&w.graded(&w.exercises[2], true, 1, 0))
        .await
        .unwrap();
    let w2 = world();
    let hinted = w2
        .service
        .record(&w2.graded(&w2.exercises[2], true, 3, 2))
        .await
        .unwrap();
    assert!(clean.learner_delta > hinted.learner_delta && hinted.learner_delta > 0.0);
    let again = w
        .service
        .record(&w.graded(&w.exercises[2], true, 2, 0))
        .await
        .unwrap();
    assert!(again.new);
    assert!(
        again.learner_delta.abs() < f64::EPSILON,
        "a second pass of a solved exercise is not a match"
    );
    let failed = w
        .service
        .record(&w.graded(&w.exercises[4], false, 1, 0))
        .await
        .unwrap();
    assert!(failed.learner_delta < 0.0);
}

#[tokio::test]
async fn achievements_are_awarded_once_with_a_notification() {
    let w = world();
    let first = w
        .service
        .record(&w.graded(&w.exercises[0], true, 1, 0))
        .await
        .unwrap();
    let codes: Vec<_> = first.awarded.iter().map(|a| a.code.as_str()).collect();
    assert_eq!(
        codes,
        ["first-solve", "first-try", "no-hints", "difficulty-1"]
    );
    let second = w
        .service
        .record(&w.graded(&w.exercises[10], true, 1, 0))
        .await
        .unwrap();
    assert!(second.awarded.is_empty(), "{:?}", second.awarded);
    let notes = w.service.notifications(w.user, true, 50).await.unwrap();
    assert_eq!(notes.len(), 4);
    assert!(w.service.mark_read(w.user, notes[0].id).await.unwrap());
    assert!(
        !w.service
            .mark_read(UserId::generate(), notes[1].id)
            .await
            .unwrap()
    );
    assert_eq!(
        w.service
            .notifications(w.user, true, 50)
            .await
            .unwrap()
            .len(),
        3
    );
    let summary = w.service.summary(w.user).await.unwrap();
    assert_eq!(summary.achievements.len(), 4);
    assert_eq!(summary.achievements[0].earned_at, w.clock.now());
}

#[tokio::test]
async fn the_daily_exercise_is_fixed_for_the_learners_local_day() {
    let w = world();
    // 12:00 UTC on 10 March is 01:00 on 11 March in Auckland (UTC+13).
    w.zone("Pacific/Auckland", vec![Language::JavaScript]);
    let daily = w.service.daily(w.user).await.unwrap();
    assert_eq!(daily.day, date!(2026 - 03 - 11));
    assert_eq!(daily.zone, "Pacific/Auckland");
    assert_eq!(daily.exercise.language, Language::JavaScript);
    assert!(!daily.reason.is_empty());
    assert!((daily.predicted - 0.7).abs() < 0.25, "{}", daily.predicted);
    // Later the same local day, after a solve: the same exercise.
    w.service
        .record(&w.graded(&daily.exercise, true, 1, 0))
        .await
        .unwrap();
    w.clock.advance(time::Duration::hours(10));
    let later = w.service.daily(w.user).await.unwrap();
    assert_eq!(later.exercise.id, daily.exercise.id);
    assert!(later.solved);
    // The next local day: a new one.
    w.clock.advance(time::Duration::hours(14));
    let next = w.service.daily(w.user).await.unwrap();
    assert_eq!(next.day, date!(2026 - 03 - 12));
    assert_ne!(next.exercise.id, daily.exercise.id);
}

#[tokio::test]
async fn the_daily_exercise_can_be_skipped_once_and_skipping_a_failed_one_is_giving_up() {
    let w = world();
    w.zone("Europe/Berlin", vec![Language::Python]);
    let daily = w.service.daily(w.user).await.unwrap();
    w.service
        .record(&w.graded(&daily.exercise, false, 1, 0))
        .await
        .unwrap();
    let before = w.service.summary(w.user).await.unwrap();
    let swapped = w.service.skip_daily(w.user).await.unwrap();
    assert_ne!(swapped.exercise.id, daily.exercise.id);
    assert_eq!(swapped.skipped, Some(daily.exercise.id));
    assert!(matches!(
        w.service.skip_daily(w.user).await,
        Err(SkipError::AlreadySkipped)
    ));
    let after = w.service.summary(w.user).await.unwrap();
    let topic = daily.exercise.topics[0];
    let rating_of = |s: &mentor_progress::ProgressSummary| {
        s.ratings.iter().find(|r| r.topic == topic).unwrap().rating
    };
    assert!(
        rating_of(&after) < rating_of(&before),
        "giving up is a loss"
    );
    let (history, _) = w.service.history(w.user, None, 10).await.unwrap();
    assert_eq!(history[0].kind, AttemptKind::GaveUp);
    // The swap holds for the rest of the day.
    assert_eq!(
        w.service.daily(w.user).await.unwrap().exercise.id,
        swapped.exercise.id
    );
    // Giving up is not a graded submission: the heat map counts one.
    assert_eq!(after.submissions, 1);
}

#[tokio::test]
async fn recommendations_give_reasons_and_leave_out_the_daily_exercise() {
    let w = world();
    w.zone("UTC", vec![Language::Python]);
    let daily = w.service.daily(w.user).await.unwrap();
    let recs = w.service.recommendations(w.user, 5).await.unwrap();
    assert_eq!(recs.len(), 5);
    assert!(
        recs.iter()
            .all(|r| r.exercise.id != daily.exercise.id && !r.reason.is_empty())
    );
    assert!(recs.iter().all(|r| r.exercise.language == Language::Python));
}

#[tokio::test]
async fn a_weak_topic_comes_back_for_review_after_a_week() {
    let w = world();
    w.zone("UTC", vec![Language::Python]);
    let python = |t: Topic, l: u8| {
        w.exercises
            .iter()
            .find(|e| e.topics[0] == t && e.difficulty.get() == l && e.language == Language::Python)
            .unwrap()
            .clone()
    };
    // Recursion: solved with trouble; loops and strings: solved cleanly.
    w.service
        .record(&w.graded(&python(Topic::Recursion, 1), false, 1, 0))
        .await
        .unwrap();
    w.service
        .record(&w.graded(&python(Topic::Recursion, 1), true, 4, 3))
        .await
        .unwrap();
    w.service
        .record(&w.graded(&python(Topic::Loops, 3), true, 1, 0))
        .await
        .unwrap();
    w.service
        .record(&w.graded(&python(Topic::Strings, 3), true, 1, 0))
        .await
        .unwrap();
    w.clock.advance(time::Duration::days(9));
    let recs = w.service.recommendations(w.user, 10).await.unwrap();
    let review = recs.iter().find(|r| r.review).expect("a review");
    assert_eq!(review.exercise.topics, vec![Topic::Recursion]);
    assert_eq!(review.reason, "review: recursion, last solved 9 days ago");
}

#[tokio::test]
async fn streaks_follow_the_learners_zone_at_the_moment_of_each_submission() {
    let w = world();
    w.zone("America/Los_Angeles", vec![]);
    // 06:30 UTC is 23:30 the day before in Los Angeles (PDT since 8 March): three local days in a row.
    w.clock
        .advance(time::Duration::hours(-5) - time::Duration::minutes(30)); // 06:30 UTC
    for (i, e) in w.exercises.iter().take(3).enumerate() {
        if i > 0 {
            w.clock.advance(time::Duration::days(1));
        }
        w.service.record(&w.graded(e, true, 1, 0)).await.unwrap();
    }
    let s = w.service.summary(w.user).await.unwrap();
    assert_eq!((s.streaks.current, s.streaks.longest), (3, 3));
    // The learner moves to Tokyo: past days stay; today there is a new day, streak alive.
    w.zone("Asia/Tokyo", vec![]);
    let s = w.service.summary(w.user).await.unwrap();
    assert_eq!(s.streaks.longest, 3);
    let activity = w
        .service
        .activity(w.user, date!(2026 - 03 - 01), date!(2026 - 03 - 31))
        .await
        .unwrap();
    let days: Vec<_> = activity.iter().map(|d| d.day).collect();
    assert_eq!(
        days,
        [
            date!(2026 - 03 - 09),
            date!(2026 - 03 - 10),
            date!(2026 - 03 - 11)
        ]
    );
    assert!(
        w.service
            .activity(w.user, date!(2026 - 03 - 31), date!(2026 - 03 - 01))
            .await
            .is_err()
    );
    assert!(
        w.service
            .activity(w.user, date!(2025 - 01 - 01), date!(2026 - 03 - 01))
            .await
            .is_err()
    );
}

#[tokio::test]
async fn history_pages_are_stable_while_new_attempts_arrive() {
    let w = world();
    for e in w.exercises.iter().take(7) {
        w.service.record(&w.graded(e, false, 1, 0)).await.unwrap();
    }
    let (first, next) = w.service.history(w.user, None, 3).await.unwrap();
    assert_eq!(first.len(), 3);
    // New attempts arrive between pages.
    for e in w.exercises.iter().skip(10).take(2) {
        w.service.record(&w.graded(e, true, 1, 0)).await.unwrap();
    }
    let (second, next2) = w.service.history(w.user, next, 3).await.unwrap();
    let (third, end) = w.service.history(w.user, next2, 3).await.unwrap();
    assert!(end.is_none());
    let seen: Vec<_> = first
        .iter()
        .chain(&second)
        .chain(&third)
        .map(|a| a.exercise)
        .collect();
    let expected: Vec<_> = w.exercises.iter().take(7).rev().map(|e| e.id).collect();
    assert_eq!(seen, expected, "each old attempt exactly once, in order");
}

#[tokio::test]
async fn the_export_has_everything_and_csv_has_a_row_per_entry() {
    let w = world();
    w.service
        .record(&w.graded(&w.exercises[0], false, 1, 0))
        .await
        .unwrap();
    w.service
        .record(&w.graded(&w.exercises[0], true, 2, 1))
        .await
        .unwrap();
    w.service.daily(w.user).await.unwrap();
    let export = w.service.export(w.user).await.unwrap();
    assert_eq!(export.history.len(), 2);
    assert_eq!(export.daily.len(), 1);
    assert_eq!(export.summary.solved_total, 1);
    let csv = mentor_progress::export::history_csv(&export.history);
    let lines: Vec<_> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("id,kind,exercise"));
    assert!(lines[1].contains(",graded,") && lines[1].contains(",true,true,2,1,"));
}

#[tokio::test]
async fn an_unknown_exercise_is_an_error_so_the_event_is_retried() {
    let w = world();
    let ghost = exercise(Topic::Math, 1, Language::Python);
    assert!(
        w.service
            .record(&w.graded(&ghost, true, 1, 0))
            .await
            .is_err()
    );
}

/// A synthetic learner with a hidden true skill is served exercises for 90 days: their rating
/// converges to the skill and the served difficulty tracks it (70 % predicted success).
#[tokio::test]
async fn a_simulated_learner_converges_and_is_served_at_their_level() {
    let mut served_by_skill = Vec::new();
    for (skill, seed) in [
        (850.0, 3),
        (1100.0, 13),
        (1250.0, 5),
        (1400.0, 17),
        (1550.0, 11),
    ] {
        let days = simulation::simulate(skill, 90, 3, seed).await;
        let last: Vec<_> = days.iter().rev().take(15).collect();
        let rating = last.iter().map(|d| d.rating).sum::<f64>() / last.len() as f64;
        let served = last.iter().map(|d| d.served).sum::<f64>() / last.len() as f64;
        let target = rating::target_exercise_rating(skill).clamp(800.0, 1600.0);
        eprintln!("skill {skill}: rating {rating:.0}, served {served:.0}, target {target:.0}");
        assert!(
            (rating - skill).abs() < 150.0,
            "skill {skill}: rating {rating}"
        );
        // The served difficulty aims at the 70 % point; difficulties are 200 points apart.
        assert!(
            (served - target).abs() <= 200.0,
            "skill {skill}: served {served}, target {target}"
        );
        served_by_skill.push(served);
    }
    assert!(
        served_by_skill.windows(2).all(|w| w[0] < w[1]),
        "stronger learners are served harder exercises: {served_by_skill:?}"
    );
}
