//! A synthetic learner with a hidden true skill, served by the real service (memory adapters)
//! day after day. Shared by the simulation test and `examples/simulate.rs` (which writes the
//! CSV behind the plot in docs/adaptation.md).

use std::sync::Arc;
use std::time::Duration;

use mentor_kernel::{Difficulty, ExerciseId, Language, ManualClock, SubmissionId, Topic, UserId};
use mentor_memory::{
    MemoryAchievementRepository, MemoryDailyRepository, MemoryExerciseDirectory,
    MemoryLearnerDirectory, MemoryProgressRepository,
};
use mentor_progress::{ExerciseInfo, GradedAttempt, ProgressPorts, ProgressService, rating};
use time::macros::datetime;

/// A deterministic random source (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    /// Uniform in [0, 1).
    pub fn next(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let x = self.0.wrapping_mul(0x2545_f491_4f6c_dd1d);
        (x >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A random id (so a run depends only on its seed).
    pub fn id(&mut self) -> uuid::Uuid {
        let hi = (self.next() * 2f64.powi(53)) as u128;
        let lo = (self.next() * 2f64.powi(53)) as u128;
        uuid::Uuid::from_u128((hi << 64) | lo)
    }
}

/// One simulated day.
#[derive(Debug, Clone)]
#[allow(dead_code)] // every field is in the example's CSV; the test reads some
pub struct Day {
    pub day: u32,
    /// Mean of the learner's topic ratings.
    pub rating: f64,
    /// Mean authored (true) rating of the exercises served that day.
    pub served: f64,
    /// Passed on the first try, of those served.
    pub first_try: f64,
}

/// A catalog of `per_cell` exercises per topic and difficulty.
pub fn catalog(per_cell: usize, rng: &mut Rng) -> Vec<ExerciseInfo> {
    let mut out = Vec::new();
    for topic in Topic::ALL {
        for level in 1..=5u8 {
            for i in 0..per_cell {
                out.push(ExerciseInfo {
                    id: ExerciseId::from_uuid(rng.id()),
                    slug: format!("{}-{level}-{i}", topic.as_str()),
                    title: format!("{} {level}.{i}", topic.as_str()),
                    language: Language::Python,
                    difficulty: Difficulty::new(level).unwrap_or_else(|| unreachable!()),
                    topics: vec![topic],
                });
            }
        }
    }
    out
}

/// Serves a learner of true skill `skill` for `days` days, `per_day` exercises a day (the
/// daily exercise, then recommendations); each exercise is tried up to three times, each try
/// succeeding with the Elo probability of the true skill against the exercise's authored
/// rating.
pub async fn simulate(skill: f64, days: u32, per_day: usize, seed: u64) -> Vec<Day> {
    let mut rng = Rng::new(seed);
    let exercises = catalog(20, &mut rng);
    let clock = ManualClock::at(datetime!(2026-01-01 09:00 UTC));
    let service = ProgressService::new(ProgressPorts {
        exercises: Arc::new(MemoryExerciseDirectory::new(exercises.clone())),
        learners: Arc::new(MemoryLearnerDirectory::new()),
        store: Arc::new(MemoryProgressRepository::new()),
        achievements: Arc::new(MemoryAchievementRepository::new()),
        daily: Arc::new(MemoryDailyRepository::new()),
        clock: Arc::new(clock.clone()),
    });
    let user = UserId::from_uuid(rng.id());
    let mut out = Vec::new();
    for day in 0..days {
        let mut served = Vec::new();
        if let Ok(daily) = service.daily(user).await {
            served.push(daily.exercise);
        }
        if let Ok(more) = service
            .recommendations(user, per_day.saturating_sub(1))
            .await
        {
            served.extend(more.into_iter().map(|s| s.exercise));
        }
        let mut first_try = 0usize;
        let count = served.len();
        for exercise in &served {
            let truth = rating::initial_exercise_rating(exercise.difficulty);
            let p = rating::expected(skill, truth);
            for attempt in 1..=3u32 {
                let passed = rng.next() < p;
                if passed && attempt == 1 {
                    first_try += 1;
                }
                let now = clock.now_for_sim();
                let _ = service
                    .record(&GradedAttempt {
                        submission: SubmissionId::from_uuid(rng.id()),
                        user,
                        exercise: exercise.id,
                        passed,
                        attempts: attempt,
                        hints_used: 0,
                        time_spent: Duration::from_secs(u64::from(attempt) * 120),
                        submitted_at: now,
                        graded_at: now,
                    })
                    .await;
                clock.advance(time::Duration::minutes(5));
                if passed {
                    break;
                }
            }
        }
        let summary = service.summary(user).await.ok();
        let rating = summary
            .map(|s| {
                let n = s.ratings.len().max(1) as f64;
                s.ratings.iter().map(|r| r.rating).sum::<f64>() / n
            })
            .unwrap_or(0.0);
        let n = count.max(1) as f64;
        out.push(Day {
            day,
            rating,
            served: served
                .iter()
                .map(|e| rating::initial_exercise_rating(e.difficulty))
                .sum::<f64>()
                / n,
            first_try: first_try as f64 / n,
        });
        clock.advance(time::Duration::days(1));
    }
    out
}

trait NowForSim {
    fn now_for_sim(&self) -> time::OffsetDateTime;
}

impl NowForSim for ManualClock {
    fn now_for_sim(&self) -> time::OffsetDateTime {
        mentor_kernel::Clock::now(self)
    }
}
