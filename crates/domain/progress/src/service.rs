//! The progress use cases: learn from graded submissions, choose the daily exercise and
//! recommendations, and report ratings, streaks, achievements, activity and history.

use std::{
    collections::{BTreeMap, BTreeSet},
    sync::Arc,
    time::Duration,
};

use mentor_kernel::{Clock, ExerciseId, Topic, UserId};
use serde::Serialize;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::{
    achievements::{self, Achievement, Facts, SolveFact},
    calendar::{Zone, days_between},
    model::{
        AttemptKind, AttemptRecord, Award, DailyPick, DayActivity, ExerciseInfo, GradedAttempt,
        Initial, LearnerContext, Notification, Solve, TopicRating,
    },
    ports::{
        AchievementRepository, AttemptQuery, DailyRepository, ExerciseDirectory, LearnerDirectory,
        ProgressRepository,
    },
    rating::{self, Outcome, Rated},
    select::{self, RECENT_DAYS, Situation, Suggestion},
    streak::{self, Streaks},
};

/// What [`ProgressService`] works with.
pub struct ProgressPorts {
    /// The catalog.
    pub exercises: Arc<dyn ExerciseDirectory>,
    /// Learners' profiles.
    pub learners: Arc<dyn LearnerDirectory>,
    /// Ratings and history.
    pub store: Arc<dyn ProgressRepository>,
    /// Achievements and notifications.
    pub achievements: Arc<dyn AchievementRepository>,
    /// Daily picks.
    pub daily: Arc<dyn DailyRepository>,
    /// Time.
    pub clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for ProgressPorts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProgressPorts { .. }")
    }
}

/// The progress use cases.
pub struct ProgressService {
    exercises: Arc<dyn ExerciseDirectory>,
    learners: Arc<dyn LearnerDirectory>,
    store: Arc<dyn ProgressRepository>,
    achievements: Arc<dyn AchievementRepository>,
    daily: Arc<dyn DailyRepository>,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for ProgressService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProgressService { .. }")
    }
}

/// What recording a graded attempt did.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// False when the attempt had been recorded before (a replayed event).
    pub new: bool,
    /// The learner's rating change (in each topic of the exercise).
    pub learner_delta: f64,
    /// Achievements earned by it.
    pub awarded: Vec<Award>,
}

/// Today's exercise for a learner.
#[derive(Debug, Clone, PartialEq)]
pub struct Daily {
    /// The learner's day.
    pub day: Date,
    /// The zone that day is in.
    pub zone: String,
    /// The exercise.
    pub exercise: ExerciseInfo,
    /// Why it was chosen.
    pub reason: String,
    /// Predicted success now.
    pub predicted: f64,
    /// The exercise it replaced, when the learner skipped today.
    pub skipped: Option<ExerciseId>,
    /// Whether the learner has solved it.
    pub solved: bool,
}

/// Why there is no daily exercise.
#[derive(Debug, thiserror::Error)]
pub enum DailyError {
    /// The catalog has nothing for the learner's languages.
    #[error("no exercise is available in your languages")]
    NothingAvailable,
    /// A port failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Why the daily exercise was not skipped.
#[derive(Debug, thiserror::Error)]
pub enum SkipError {
    /// Today's exercise was skipped already (once a day).
    #[error("today's exercise was skipped already")]
    AlreadySkipped,
    /// There is no other exercise to offer.
    #[error("no other exercise is available")]
    NothingElse,
    /// A port failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<DailyError> for SkipError {
    fn from(e: DailyError) -> Self {
        match e {
            DailyError::NothingAvailable => Self::NothingElse,
            DailyError::Unexpected(e) => Self::Unexpected(e),
        }
    }
}

/// A bad activity range.
#[derive(Debug, thiserror::Error)]
pub enum ActivityError {
    /// `from` after `to`, or longer than [`MAX_ACTIVITY_DAYS`].
    #[error("the range must run forwards and span at most 366 days")]
    BadRange,
    /// A port failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// The longest activity range.
pub const MAX_ACTIVITY_DAYS: i64 = 366;

/// A topic's rating with its recent trend.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicSummary {
    /// The topic.
    pub topic: Topic,
    /// Rating now.
    pub rating: f64,
    /// Counted matches.
    pub games: u32,
    /// Change over the last 7 days.
    pub trend_7d: f64,
}

/// An achievement with when it was earned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Earned {
    /// Which.
    pub achievement: Achievement,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub earned_at: OffsetDateTime,
}

/// Everything `GET /me/progress` shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressSummary {
    /// The zone days are counted in.
    pub zone: String,
    /// The learner's day.
    pub today: Date,
    /// Ratings per rated topic, best first.
    pub ratings: Vec<TopicSummary>,
    /// Exercises solved.
    pub solved_total: u32,
    /// Solved per difficulty (1–5).
    pub solved_by_difficulty: BTreeMap<u8, u32>,
    /// Solved per language.
    pub solved_by_language: BTreeMap<String, u32>,
    /// Graded submissions.
    pub submissions: u32,
    /// Streaks.
    pub streaks: Streaks,
    /// Achievements earned, oldest first.
    pub achievements: Vec<Earned>,
    /// Time from first submission to solve, summed over solved exercises.
    pub time_spent: Duration,
}

/// Everything progress keeps about a learner, for export.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressExport {
    /// The summary.
    pub summary: ProgressSummary,
    /// Every history entry, newest first.
    pub history: Vec<AttemptRecord>,
    /// Every day with activity.
    pub activity: Vec<DayActivity>,
    /// Every daily pick.
    pub daily: Vec<DailyPick>,
}

impl ProgressService {
    /// The service over its ports.
    #[must_use]
    pub fn new(ports: ProgressPorts) -> Self {
        Self {
            exercises: ports.exercises,
            learners: ports.learners,
            store: ports.store,
            achievements: ports.achievements,
            daily: ports.daily,
            clock: ports.clock,
        }
    }

    /// Learns from a graded submission: updates the learner's topic ratings and the
    /// exercise's rating, stores the history entry on the learner's local day, and awards
    /// achievements. Idempotent: a replayed event changes nothing (achievements are
    /// re-evaluated, so an award lost half-way is made up).
    ///
    /// # Errors
    /// Storage failure, or an exercise the catalog does not know (retry later).
    #[tracing::instrument(skip_all, fields(submission = %attempt.submission, user = %attempt.user))]
    pub async fn record(&self, attempt: &GradedAttempt) -> anyhow::Result<Recorded> {
        let exercise = self.exercises.get(attempt.exercise).await?.ok_or_else(|| {
            anyhow::anyhow!("exercise {} is not in the catalog", attempt.exercise)
        })?;
        let learner = self.learners.learner(attempt.user).await?;
        let already = self
            .store
            .has_solved(
                attempt.user,
                attempt.exercise,
                Some(attempt.submission.as_uuid()),
            )
            .await?;
        let outcome = rating::outcome(
            attempt.passed,
            attempt.attempts,
            attempt.hints_used,
            already,
        );
        let (record, initial) = self
            .match_record(
                &learner,
                &exercise,
                attempt.user,
                outcome,
                MatchFacts {
                    id: attempt.submission.as_uuid(),
                    kind: AttemptKind::Graded,
                    passed: attempt.passed,
                    first_solve: attempt.passed && !already,
                    attempts: attempt.attempts,
                    hints_used: attempt.hints_used,
                    time_spent: attempt.time_spent,
                    at: attempt.submitted_at,
                },
            )
            .await?;
        let new = self.store.record(&record, initial).await?;
        let awarded = self
            .award(attempt.user, &learner.zone, attempt.graded_at)
            .await?;
        Ok(Recorded {
            new,
            learner_delta: if new { record.learner_delta } else { 0.0 },
            awarded,
        })
    }

    async fn match_record(
        &self,
        learner: &LearnerContext,
        exercise: &ExerciseInfo,
        user: UserId,
        outcome: Outcome,
        facts: MatchFacts,
    ) -> anyhow::Result<(AttemptRecord, Initial)> {
        let ratings = self.store.topic_ratings(user).await?;
        let rated: Vec<f64> = ratings.iter().map(|r| r.rating.rating).collect();
        let initial = rating::starting_rating(learner.level, &rated);
        let rated: Vec<Rated> = exercise
            .topics
            .iter()
            .map(|t| {
                ratings.iter().find(|r| r.topic == *t).map_or(
                    Rated {
                        rating: initial,
                        games: 0,
                    },
                    |r| r.rating,
                )
            })
            .collect();
        #[allow(clippy::cast_precision_loss)]
        let n = rated.len().max(1) as f64;
        let learner_rating = Rated {
            rating: rated.iter().map(|r| r.rating).sum::<f64>() / n,
            games: rated.iter().map(|r| r.games).min().unwrap_or(0),
        };
        let exercise_initial = rating::initial_exercise_rating(exercise.difficulty);
        let exercise_rating = self
            .store
            .exercise_ratings()
            .await?
            .get(&exercise.id)
            .copied()
            .unwrap_or(Rated {
                rating: exercise_initial,
                games: 0,
            });
        let change = rating::change(learner_rating, exercise_rating, outcome);
        Ok((
            AttemptRecord {
                id: facts.id,
                kind: facts.kind,
                user,
                exercise: exercise.id,
                language: exercise.language,
                difficulty: exercise.difficulty,
                topics: exercise.topics.clone(),
                passed: facts.passed,
                first_solve: facts.first_solve,
                attempts: facts.attempts,
                hints_used: facts.hints_used,
                time_spent: facts.time_spent,
                day: learner.zone.day_of(facts.at),
                at: facts.at,
                learner_delta: change.learner,
                exercise_delta: change.exercise,
                counted: rating::counts(outcome),
            },
            Initial {
                learner: initial,
                exercise: exercise_initial,
            },
        ))
    }

    /// Everything achievements and statistics are computed from, read once.
    async fn snapshot(&self, user: UserId, zone: &Zone) -> anyhow::Result<Snapshot> {
        let solves = self.store.solves(user).await?;
        let days = self.store.activity(user, None).await?;
        let topic_ratings = self.store.topic_ratings(user).await?;
        let passed: Vec<Date> = days
            .iter()
            .filter(|d| d.passed > 0)
            .map(|d| d.day)
            .collect();
        let streaks = streak::streaks(&passed, zone.day_of(self.clock.now()));
        let ratings = topic_ratings
            .iter()
            .map(|r| (r.topic, r.rating.rating))
            .collect();
        let facts = Facts {
            solves: solves
                .iter()
                .map(|s| SolveFact {
                    exercise: s.exercise,
                    language: s.language,
                    difficulty: s.difficulty.get(),
                    topics: s.topics.clone(),
                    attempts: s.attempts,
                    hints_used: s.hints_used,
                    day: s.day,
                })
                .collect(),
            longest_streak: streaks.longest,
            ratings,
            active_days: days.iter().map(|d| d.day).collect(),
        };
        Ok(Snapshot {
            facts,
            streaks,
            solves,
            days,
            topic_ratings,
        })
    }

    async fn award(
        &self,
        user: UserId,
        zone: &Zone,
        at: OffsetDateTime,
    ) -> anyhow::Result<Vec<Award>> {
        let snapshot = self.snapshot(user, zone).await?;
        let earned: Vec<Award> = achievements::earned(&snapshot.facts)
            .into_iter()
            .map(|a| Award {
                code: a.code.to_owned(),
                earned_at: at,
            })
            .collect();
        if earned.is_empty() {
            return Ok(Vec::new());
        }
        let have: BTreeSet<String> = self
            .achievements
            .awards(user)
            .await?
            .into_iter()
            .map(|a| a.code)
            .collect();
        let missing: Vec<Award> = earned
            .into_iter()
            .filter(|a| !have.contains(&a.code))
            .collect();
        if missing.is_empty() {
            return Ok(Vec::new());
        }
        self.achievements.award(user, &missing).await
    }

    async fn situation(
        &self,
        user: UserId,
        learner: &LearnerContext,
        today: Date,
    ) -> anyhow::Result<Situation> {
        let ratings: BTreeMap<Topic, Rated> = self
            .store
            .topic_ratings(user)
            .await?
            .into_iter()
            .map(|r| (r.topic, r.rating))
            .collect();
        let solves = self.store.solves(user).await?;
        let mut last_solved: BTreeMap<Topic, Date> = BTreeMap::new();
        for s in &solves {
            for t in &s.topics {
                let e = last_solved.entry(*t).or_insert(s.day);
                *e = (*e).max(s.day);
            }
        }
        let recent_start = today - time::Duration::days(RECENT_DAYS - 1);
        let mut recent_topics: BTreeSet<Topic> = BTreeSet::new();
        let since = self.clock.now() - time::Duration::days(RECENT_DAYS + 1);
        for a in self
            .store
            .attempts(&AttemptQuery {
                user,
                exercise: None,
                before: None,
                since: Some(since),
                limit: 200,
            })
            .await?
        {
            if a.day >= recent_start {
                recent_topics.extend(a.topics.iter().copied());
            }
        }
        let picks = self.daily.since(user, recent_start).await?;
        for pick in picks.iter().filter(|p| p.day < today) {
            if let Some(info) = self.exercises.get(pick.exercise).await? {
                recent_topics.extend(info.topics);
            }
        }
        let initial = rating::starting_rating(
            learner.level,
            &ratings.values().map(|r| r.rating).collect::<Vec<_>>(),
        );
        Ok(Situation {
            user,
            today,
            ratings,
            initial,
            solved: solves.iter().map(|s| s.exercise).collect(),
            last_solved,
            recent_topics,
            exercise_ratings: self.store.exercise_ratings().await?,
        })
    }

    async fn candidates(&self, learner: &LearnerContext) -> anyhow::Result<Vec<ExerciseInfo>> {
        let all = self.exercises.all().await?;
        if learner.languages.is_empty() {
            return Ok(all);
        }
        Ok(all
            .into_iter()
            .filter(|e| learner.languages.contains(&e.language))
            .collect())
    }

    async fn ranked(
        &self,
        user: UserId,
        learner: &LearnerContext,
        today: Date,
    ) -> anyhow::Result<(Situation, Vec<Suggestion>)> {
        let situation = self.situation(user, learner, today).await?;
        let candidates = self.candidates(learner).await?;
        let ranked = select::rank(&situation, &candidates);
        Ok((situation, ranked))
    }

    /// Today's pick for the learner (chosen on the first request of their day) and the
    /// situation it is judged in.
    async fn today_pick(
        &self,
        user: UserId,
        learner: &LearnerContext,
    ) -> Result<(DailyPick, Situation), DailyError> {
        let today = learner.zone.day_of(self.clock.now());
        if let Some(pick) = self.daily.get(user, today).await? {
            return Ok((pick, self.situation(user, learner, today).await?));
        }
        let (situation, ranked) = self.ranked(user, learner, today).await?;
        let chosen = select::daily(&situation, &ranked).ok_or(DailyError::NothingAvailable)?;
        let pick = self
            .daily
            .put_if_absent(&DailyPick {
                user,
                day: today,
                exercise: chosen.exercise.id,
                reason: chosen.reason,
                skipped: None,
                chosen_at: self.clock.now(),
            })
            .await?;
        Ok((pick, situation))
    }

    async fn daily_view(
        &self,
        learner: &LearnerContext,
        pick: DailyPick,
        situation: &Situation,
    ) -> Result<Daily, DailyError> {
        let exercise = self
            .exercises
            .get(pick.exercise)
            .await?
            .ok_or(DailyError::NothingAvailable)?;
        let predicted = rating::expected(
            situation.learner_rating(&exercise.topics),
            situation.exercise_rating(&exercise),
        );
        Ok(Daily {
            day: pick.day,
            zone: learner.zone.name().to_owned(),
            solved: situation.solved.contains(&exercise.id),
            exercise,
            reason: pick.reason,
            predicted,
            skipped: pick.skipped,
        })
    }

    /// Today's exercise (the learner's calendar day in their zone): chosen on the first
    /// request of the day, then fixed for the day.
    ///
    /// # Errors
    /// [`DailyError`].
    #[tracing::instrument(skip_all, fields(%user))]
    pub async fn daily(&self, user: UserId) -> Result<Daily, DailyError> {
        let learner = self.learners.learner(user).await?;
        let (pick, situation) = self.today_pick(user, &learner).await?;
        self.daily_view(&learner, pick, &situation).await
    }

    /// Swaps today's exercise for the next best one, once a day. Skipping an exercise the
    /// learner failed and has not solved counts as giving it up (a loss for the skill model).
    ///
    /// # Errors
    /// [`SkipError`].
    #[tracing::instrument(skip_all, fields(%user))]
    pub async fn skip_daily(&self, user: UserId) -> Result<Daily, SkipError> {
        let learner = self.learners.learner(user).await?;
        let (pick, situation) = self.today_pick(user, &learner).await?;
        if let Some(skipped) = pick.skipped {
            // A give-up whose recording failed after the skip is made up on the next try.
            if let Some(exercise) = self.exercises.get(skipped).await? {
                self.give_up_if_failed(user, &learner, &exercise, pick.day)
                    .await?;
            }
            return Err(SkipError::AlreadySkipped);
        }
        let candidates = self.candidates(&learner).await?;
        let replacement = select::rank(&situation, &candidates)
            .into_iter()
            .find(|s| s.exercise.id != pick.exercise)
            .ok_or(SkipError::NothingElse)?;
        if !self
            .daily
            .skip(
                user,
                pick.day,
                pick.exercise,
                replacement.exercise.id,
                &replacement.reason,
            )
            .await?
        {
            return Err(SkipError::AlreadySkipped);
        }
        if let Some(exercise) = self.exercises.get(pick.exercise).await? {
            self.give_up_if_failed(user, &learner, &exercise, pick.day)
                .await?;
        }
        // A give-up moves the learner's ratings: judge the new pick afresh.
        let situation = self.situation(user, &learner, pick.day).await?;
        let swapped = DailyPick {
            exercise: replacement.exercise.id,
            reason: replacement.reason,
            skipped: Some(pick.exercise),
            ..pick
        };
        Ok(self.daily_view(&learner, swapped, &situation).await?)
    }

    /// Records giving up `exercise` on `day` if the learner failed it and has not solved it,
    /// once: not again when a give-up of it is recorded on that day.
    async fn give_up_if_failed(
        &self,
        user: UserId,
        learner: &LearnerContext,
        exercise: &ExerciseInfo,
        day: Date,
    ) -> anyhow::Result<()> {
        let tried = self
            .store
            .attempts(&AttemptQuery {
                user,
                exercise: Some(exercise.id),
                before: None,
                since: None,
                limit: 50,
            })
            .await?;
        if tried
            .iter()
            .any(|a| a.kind == AttemptKind::GaveUp && a.day == day)
        {
            return Ok(());
        }
        let Some(last) = tried.iter().find(|a| a.kind == AttemptKind::Graded) else {
            return Ok(());
        };
        if self.store.has_solved(user, exercise.id, None).await? {
            return Ok(());
        }
        let (record, initial) = self
            .match_record(
                learner,
                exercise,
                user,
                rating::give_up(),
                MatchFacts {
                    id: Uuid::now_v7(),
                    kind: AttemptKind::GaveUp,
                    passed: false,
                    first_solve: false,
                    attempts: last.attempts,
                    hints_used: last.hints_used,
                    time_spent: last.time_spent,
                    at: self.clock.now(),
                },
            )
            .await?;
        self.store.record(&record, initial).await?;
        Ok(())
    }

    /// The next few exercises for the learner, best first, each with its reason (today's
    /// daily exercise excluded).
    ///
    /// # Errors
    /// Storage failure.
    pub async fn recommendations(
        &self,
        user: UserId,
        limit: usize,
    ) -> anyhow::Result<Vec<Suggestion>> {
        let learner = self.learners.learner(user).await?;
        let today = learner.zone.day_of(self.clock.now());
        let daily = self.daily.get(user, today).await?.map(|p| p.exercise);
        let (_, ranked) = self.ranked(user, &learner, today).await?;
        Ok(ranked
            .into_iter()
            .filter(|s| Some(s.exercise.id) != daily)
            .take(limit.clamp(1, 20))
            .collect())
    }

    /// The learner's statistics.
    ///
    /// # Errors
    /// Storage failure.
    #[tracing::instrument(skip_all, fields(%user))]
    pub async fn summary(&self, user: UserId) -> anyhow::Result<ProgressSummary> {
        let learner = self.learners.learner(user).await?;
        let now = self.clock.now();
        let Snapshot {
            facts,
            streaks,
            solves,
            days,
            topic_ratings,
        } = self.snapshot(user, &learner.zone).await?;
        let week = self
            .store
            .attempts(&AttemptQuery {
                user,
                exercise: None,
                before: None,
                since: Some(now - time::Duration::days(7)),
                limit: 10_000,
            })
            .await?;
        let mut ratings: Vec<TopicSummary> = topic_ratings
            .into_iter()
            .map(|r| TopicSummary {
                topic: r.topic,
                rating: r.rating.rating,
                games: r.rating.games,
                trend_7d: week
                    .iter()
                    .filter(|a| a.topics.contains(&r.topic))
                    .map(|a| a.learner_delta)
                    .sum(),
            })
            .collect();
        ratings.sort_by(|a, b| b.rating.total_cmp(&a.rating));
        let mut by_difficulty: BTreeMap<u8, u32> = (1..=5).map(|d| (d, 0)).collect();
        let mut by_language: BTreeMap<String, u32> = BTreeMap::new();
        for s in &solves {
            *by_difficulty.entry(s.difficulty.get()).or_default() += 1;
            *by_language
                .entry(s.language.as_str().to_owned())
                .or_default() += 1;
        }
        let awards = self.achievements.awards(user).await?;
        let achievements = awards
            .iter()
            .filter_map(|a| {
                achievements::find(&a.code).map(|achievement| Earned {
                    achievement,
                    earned_at: a.earned_at,
                })
            })
            .collect();
        let submissions = days.iter().map(|d| d.submissions).sum();
        Ok(ProgressSummary {
            zone: learner.zone.name().to_owned(),
            today: learner.zone.day_of(now),
            ratings,
            solved_total: u32::try_from(facts.solves.len()).unwrap_or(u32::MAX),
            solved_by_difficulty: by_difficulty,
            solved_by_language: by_language,
            submissions,
            streaks,
            achievements,
            time_spent: solves.iter().map(|s| s.time_spent).sum(),
        })
    }

    /// Per-day counts in the learner's calendar, `from` to `to` inclusive.
    ///
    /// # Errors
    /// [`ActivityError`].
    pub async fn activity(
        &self,
        user: UserId,
        from: Date,
        to: Date,
    ) -> Result<Vec<DayActivity>, ActivityError> {
        let span = days_between(from, to);
        if !(0..MAX_ACTIVITY_DAYS).contains(&span) {
            return Err(ActivityError::BadRange);
        }
        Ok(self.store.activity(user, Some((from, to))).await?)
    }

    /// The learner's day today and the zone it is in (for default ranges).
    ///
    /// # Errors
    /// Storage failure.
    pub async fn today(&self, user: UserId) -> anyhow::Result<(Date, String)> {
        let learner = self.learners.learner(user).await?;
        Ok((
            learner.zone.day_of(self.clock.now()),
            learner.zone.name().to_owned(),
        ))
    }

    /// History entries, newest first; the cursor for the next page when there may be one.
    /// Pages are stable under concurrent inserts (the cursor is an id, not an offset).
    ///
    /// # Errors
    /// Storage failure.
    pub async fn history(
        &self,
        user: UserId,
        before: Option<Uuid>,
        limit: u64,
    ) -> anyhow::Result<(Vec<AttemptRecord>, Option<Uuid>)> {
        let limit = limit.clamp(1, 100);
        let mut found = self
            .store
            .attempts(&AttemptQuery {
                user,
                exercise: None,
                before,
                since: None,
                limit: limit + 1,
            })
            .await?;
        let keep = usize::try_from(limit).unwrap_or(usize::MAX);
        let more = found.len() > keep;
        found.truncate(keep);
        let next = if more {
            found.last().map(|a| a.id)
        } else {
            None
        };
        Ok((found, next))
    }

    /// Everything progress keeps about the learner.
    ///
    /// # Errors
    /// Storage failure.
    pub async fn export(&self, user: UserId) -> anyhow::Result<ProgressExport> {
        let summary = self.summary(user).await?;
        let mut history = Vec::new();
        let mut before = None;
        loop {
            let page = self
                .store
                .attempts(&AttemptQuery {
                    user,
                    exercise: None,
                    before,
                    since: None,
                    limit: 500,
                })
                .await?;
            let done = page.len() < 500;
            before = page.last().map(|a| a.id);
            history.extend(page);
            if done {
                break;
            }
        }
        Ok(ProgressExport {
            summary,
            history,
            activity: self.store.activity(user, None).await?,
            daily: self
                .daily
                .since(user, time::macros::date!(1970 - 01 - 01))
                .await?,
        })
    }

    /// The learner's notifications, newest first.
    ///
    /// # Errors
    /// Storage failure.
    pub async fn notifications(
        &self,
        user: UserId,
        unread_only: bool,
        limit: u64,
    ) -> anyhow::Result<Vec<Notification>> {
        self.achievements
            .notifications(user, unread_only, limit.clamp(1, 100))
            .await
    }

    /// Marks one of the learner's notifications read; false when there is no such one.
    ///
    /// # Errors
    /// Storage failure.
    pub async fn mark_read(&self, user: UserId, id: Uuid) -> anyhow::Result<bool> {
        self.achievements
            .mark_read(user, id, self.clock.now())
            .await
    }
}

struct Snapshot {
    facts: Facts,
    streaks: Streaks,
    solves: Vec<Solve>,
    days: Vec<DayActivity>,
    topic_ratings: Vec<TopicRating>,
}

struct MatchFacts {
    id: Uuid,
    kind: AttemptKind,
    passed: bool,
    first_solve: bool,
    attempts: u32,
    hints_used: u32,
    time_spent: Duration,
    at: OffsetDateTime,
}
