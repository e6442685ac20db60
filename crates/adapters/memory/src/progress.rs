//! In-process progress stores: ratings and history, achievements and notifications, daily
//! picks, plus a catalog view and a learner directory for tests and embedders.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use mentor_kernel::{ExerciseId, Topic, UserId};
use mentor_progress::{
    AchievementRepository, AttemptQuery, AttemptRecord, Award, DailyPick, DailyRepository,
    DayActivity, ExerciseDirectory, ExerciseInfo, Initial, LearnerContext, LearnerDirectory,
    Notification, ProgressRepository, Rated, Solve, TopicRating, Zone, rating,
};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::lock;

#[derive(Debug, Default)]
struct ProgressState {
    attempts: BTreeMap<Uuid, AttemptRecord>,
    ratings: BTreeMap<(UserId, Topic), Rated>,
    exercises: HashMap<ExerciseId, Rated>,
}

/// Ratings and history in maps.
#[derive(Debug, Default, Clone)]
pub struct MemoryProgressRepository {
    state: Arc<Mutex<ProgressState>>,
}

impl MemoryProgressRepository {
    /// An empty store.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }
}

fn moved(current: Option<Rated>, initial: f64, delta: f64, counted: bool) -> Rated {
    let base = current.unwrap_or(Rated {
        rating: initial,
        games: 0,
    });
    Rated {
        rating: rating::apply(base.rating, delta),
        games: base.games + u32::from(counted),
    }
}

#[async_trait]
impl ProgressRepository for MemoryProgressRepository {
    async fn record(&self, record: &AttemptRecord, initial: Initial) -> anyhow::Result<bool> {
        let mut state = lock(&self.state);
        if state.attempts.contains_key(&record.id) {
            return Ok(false);
        }
        for topic in &record.topics {
            let key = (record.user, *topic);
            let next = moved(
                state.ratings.get(&key).copied(),
                initial.learner,
                record.learner_delta,
                record.counted,
            );
            state.ratings.insert(key, next);
        }
        let next = moved(
            state.exercises.get(&record.exercise).copied(),
            initial.exercise,
            record.exercise_delta,
            record.counted,
        );
        state.exercises.insert(record.exercise, next);
        state.attempts.insert(record.id, record.clone());
        Ok(true)
    }

    async fn topic_ratings(&self, user: UserId) -> anyhow::Result<Vec<TopicRating>> {
        let state = lock(&self.state);
        Ok(state
            .ratings
            .iter()
            .filter(|((u, _), _)| *u == user)
            .map(|((_, topic), rating)| TopicRating {
                topic: *topic,
                rating: *rating,
            })
            .collect())
    }

    async fn exercise_ratings(&self) -> anyhow::Result<HashMap<ExerciseId, Rated>> {
        Ok(lock(&self.state).exercises.clone())
    }

    async fn attempts(&self, query: &AttemptQuery) -> anyhow::Result<Vec<AttemptRecord>> {
        let state = lock(&self.state);
        Ok(state
            .attempts
            .values()
            .rev()
            .filter(|a| a.user == query.user)
            .filter(|a| query.exercise.is_none_or(|e| a.exercise == e))
            .filter(|a| query.before.is_none_or(|b| a.id < b))
            .filter(|a| query.since.is_none_or(|s| a.at >= s))
            .take(usize::try_from(query.limit).unwrap_or(usize::MAX))
            .cloned()
            .collect())
    }

    async fn solves(&self, user: UserId) -> anyhow::Result<Vec<Solve>> {
        let state = lock(&self.state);
        let mut first: BTreeMap<ExerciseId, Solve> = BTreeMap::new();
        for a in state
            .attempts
            .values()
            .filter(|a| a.user == user && a.passed)
        {
            first.entry(a.exercise).or_insert_with(|| Solve::of(a));
        }
        let mut solves: Vec<Solve> = first.into_values().collect();
        solves.sort_by_key(|s| s.submission);
        Ok(solves)
    }

    async fn has_solved(
        &self,
        user: UserId,
        exercise: ExerciseId,
        before: Option<Uuid>,
    ) -> anyhow::Result<bool> {
        Ok(lock(&self.state).attempts.values().any(|a| {
            a.user == user && a.exercise == exercise && a.passed && before.is_none_or(|b| a.id < b)
        }))
    }

    async fn activity(
        &self,
        user: UserId,
        range: Option<(Date, Date)>,
    ) -> anyhow::Result<Vec<DayActivity>> {
        let state = lock(&self.state);
        let mut days: BTreeMap<Date, DayActivity> = BTreeMap::new();
        for a in state.attempts.values().filter(|a| {
            a.user == user
                && a.kind == mentor_progress::AttemptKind::Graded
                && range.is_none_or(|(from, to)| a.day >= from && a.day <= to)
        }) {
            let day = days.entry(a.day).or_insert(DayActivity {
                day: a.day,
                submissions: 0,
                passed: 0,
            });
            day.submissions += 1;
            day.passed += u32::from(a.passed);
        }
        Ok(days.into_values().collect())
    }
}

#[derive(Debug, Default)]
struct AchievementState {
    awards: BTreeMap<(UserId, String), Award>,
    notifications: BTreeMap<Uuid, Notification>,
}

/// Achievements and notifications in maps.
#[derive(Debug, Default, Clone)]
pub struct MemoryAchievementRepository {
    state: Arc<Mutex<AchievementState>>,
}

impl MemoryAchievementRepository {
    /// An empty store.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait]
impl AchievementRepository for MemoryAchievementRepository {
    async fn award(&self, user: UserId, awards: &[Award]) -> anyhow::Result<Vec<Award>> {
        let mut state = lock(&self.state);
        let mut new = Vec::new();
        for award in awards {
            let key = (user, award.code.clone());
            if state.awards.contains_key(&key) {
                continue;
            }
            state.awards.insert(key, award.clone());
            let id = Uuid::now_v7();
            state.notifications.insert(
                id,
                Notification {
                    id,
                    user,
                    kind: "achievement".to_owned(),
                    subject: award.code.clone(),
                    created_at: award.earned_at,
                    read_at: None,
                },
            );
            new.push(award.clone());
        }
        Ok(new)
    }

    async fn awards(&self, user: UserId) -> anyhow::Result<Vec<Award>> {
        let state = lock(&self.state);
        let mut found: Vec<Award> = state
            .awards
            .iter()
            .filter(|((u, _), _)| *u == user)
            .map(|(_, a)| a.clone())
            .collect();
        found.sort_by(|a, b| a.earned_at.cmp(&b.earned_at).then(a.code.cmp(&b.code)));
        Ok(found)
    }

    async fn notifications(
        &self,
        user: UserId,
        unread_only: bool,
        limit: u64,
    ) -> anyhow::Result<Vec<Notification>> {
        let state = lock(&self.state);
        Ok(state
            .notifications
            .values()
            .rev()
            .filter(|n| n.user == user && (!unread_only || n.read_at.is_none()))
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .cloned()
            .collect())
    }

    async fn mark_read(&self, user: UserId, id: Uuid, at: OffsetDateTime) -> anyhow::Result<bool> {
        let mut state = lock(&self.state);
        match state.notifications.get_mut(&id) {
            Some(n) if n.user == user => {
                n.read_at.get_or_insert(at);
                Ok(true)
            }
            _ => Ok(false),
        }
    }
}

/// Daily picks in a map.
#[derive(Debug, Default, Clone)]
pub struct MemoryDailyRepository {
    picks: Arc<Mutex<BTreeMap<(UserId, Date), DailyPick>>>,
}

impl MemoryDailyRepository {
    /// An empty store.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait]
impl DailyRepository for MemoryDailyRepository {
    async fn get(&self, user: UserId, day: Date) -> anyhow::Result<Option<DailyPick>> {
        Ok(lock(&self.picks).get(&(user, day)).cloned())
    }

    async fn put_if_absent(&self, pick: &DailyPick) -> anyhow::Result<DailyPick> {
        Ok(lock(&self.picks)
            .entry((pick.user, pick.day))
            .or_insert_with(|| pick.clone())
            .clone())
    }

    async fn skip(
        &self,
        user: UserId,
        day: Date,
        skipped: ExerciseId,
        replacement: ExerciseId,
        reason: &str,
    ) -> anyhow::Result<bool> {
        let mut picks = lock(&self.picks);
        match picks.get_mut(&(user, day)) {
            Some(p) if p.exercise == skipped && p.skipped.is_none() => {
                p.skipped = Some(skipped);
                p.exercise = replacement;
                reason.clone_into(&mut p.reason);
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn since(&self, user: UserId, since: Date) -> anyhow::Result<Vec<DailyPick>> {
        Ok(lock(&self.picks)
            .range((user, since)..)
            .take_while(|((u, _), _)| *u == user)
            .map(|(_, p)| p.clone())
            .collect())
    }
}

/// A fixed catalog view.
#[derive(Debug, Default, Clone)]
pub struct MemoryExerciseDirectory {
    exercises: Arc<Mutex<Vec<ExerciseInfo>>>,
}

impl MemoryExerciseDirectory {
    /// A directory of `exercises`.
    #[must_use]
    pub fn new(exercises: Vec<ExerciseInfo>) -> Self {
        Self {
            exercises: Arc::new(Mutex::new(exercises)),
        }
    }
}

#[async_trait]
impl ExerciseDirectory for MemoryExerciseDirectory {
    async fn all(&self) -> anyhow::Result<Vec<ExerciseInfo>> {
        Ok(lock(&self.exercises).clone())
    }

    async fn get(&self, id: ExerciseId) -> anyhow::Result<Option<ExerciseInfo>> {
        Ok(lock(&self.exercises).iter().find(|e| e.id == id).cloned())
    }
}

/// Learners' contexts in a map; UTC, any language and no level for learners not set.
#[derive(Debug, Default, Clone)]
pub struct MemoryLearnerDirectory {
    learners: Arc<Mutex<HashMap<UserId, LearnerContext>>>,
}

impl MemoryLearnerDirectory {
    /// An empty directory.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a learner's context (for example a change of time zone).
    pub fn set(&self, user: UserId, learner: LearnerContext) {
        lock(&self.learners).insert(user, learner);
    }
}

#[async_trait]
impl LearnerDirectory for MemoryLearnerDirectory {
    async fn learner(&self, user: UserId) -> anyhow::Result<LearnerContext> {
        Ok(lock(&self.learners)
            .get(&user)
            .cloned()
            .unwrap_or_else(|| LearnerContext {
                zone: Zone::utc(),
                languages: Vec::new(),
                level: None,
            }))
    }
}
