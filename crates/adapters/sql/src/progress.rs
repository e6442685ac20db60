//! SQL adapters for the progress ports. A history entry and its rating changes are written in
//! one transaction; rating changes are added in the database (`rating = rating + delta`, kept
//! within bounds by a `CASE`), so concurrent entries for one learner or exercise all count.
//! The entry's primary key is the submission id, which makes a replayed event a no-op.

use std::collections::HashMap;
use std::time::Duration;

use anyhow::Context as _;
use async_trait::async_trait;
use mentor_kernel::{Difficulty, ExerciseId, Language, Topic, UserId};
use mentor_progress::{
    AchievementRepository, AttemptKind, AttemptQuery, AttemptRecord, Award, DailyPick,
    DailyRepository, DayActivity, Initial, Notification, ProgressRepository, Rated, Solve,
    TopicRating,
    rating::{MAX_RATING, MIN_RATING, apply},
};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait as _, Select, Statement, TransactionTrait,
    sea_query::{Alias, Expr, ExprTrait as _, OnConflict, SimpleExpr},
};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::entities::{
    achievement, daily_pick, exercise_rating, notification, progress_attempt, progress_day,
    progress_rating, progress_solve,
};

/// Ratings and history in SQL.
#[derive(Debug, Clone)]
pub struct SqlProgressRepository {
    db: DatabaseConnection,
}

impl SqlProgressRepository {
    /// Uses the given pool.
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn topics_column(topics: &[Topic]) -> String {
    topics
        .iter()
        .map(|t| t.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn count(value: i32, what: &str) -> anyhow::Result<u32> {
    u32::try_from(value).with_context(|| format!("negative {what}"))
}

fn topics_from_column(raw: &str, id: Uuid) -> anyhow::Result<Vec<Topic>> {
    raw.split(',')
        .filter(|t| !t.is_empty())
        .map(|t| Topic::parse(t).with_context(|| format!("unknown topic {t:?} in entry {id}")))
        .collect()
}

fn from_row(row: progress_attempt::Model) -> anyhow::Result<AttemptRecord> {
    let id = row.id;
    let topics = topics_from_column(&row.topics, id)?;
    Ok(AttemptRecord {
        id,
        kind: AttemptKind::parse(&row.kind)
            .with_context(|| format!("unknown kind {:?} of entry {id}", row.kind))?,
        user: UserId::from_uuid(row.user_id),
        exercise: ExerciseId::from_uuid(row.exercise_id),
        language: Language::parse(&row.language)
            .with_context(|| format!("unknown language {:?} of entry {id}", row.language))?,
        difficulty: u8::try_from(row.difficulty)
            .ok()
            .and_then(Difficulty::new)
            .with_context(|| format!("bad difficulty {} of entry {id}", row.difficulty))?,
        topics,
        passed: row.passed,
        first_solve: row.first_solve,
        attempts: count(row.attempts, "attempts")?,
        hints_used: count(row.hints_used, "hints")?,
        time_spent: Duration::from_millis(
            u64::try_from(row.time_spent_ms).context("negative time spent")?,
        ),
        day: row.day,
        at: row.at,
        learner_delta: row.learner_delta,
        exercise_delta: row.exercise_delta,
        counted: row.counted,
    })
}

/// `column + delta`, kept within the rating bounds.
fn moved(column: SimpleExpr, delta: f64) -> SimpleExpr {
    let sum = column.add(delta);
    Expr::case(sum.clone().gt(MAX_RATING), MAX_RATING)
        .case(sum.clone().lt(MIN_RATING), MIN_RATING)
        .finally(sum)
        .into()
}

fn attempts_select(q: &AttemptQuery) -> Select<progress_attempt::Entity> {
    let mut find = progress_attempt::Entity::find()
        .filter(progress_attempt::Column::UserId.eq(q.user.as_uuid()));
    if let Some(exercise) = q.exercise {
        find = find.filter(progress_attempt::Column::ExerciseId.eq(exercise.as_uuid()));
    }
    if let Some(before) = q.before {
        find = find.filter(progress_attempt::Column::Id.lt(before));
    }
    if let Some(since) = q.since {
        find = find.filter(progress_attempt::Column::At.gte(since));
    }
    find.order_by_desc(progress_attempt::Column::Id)
        .limit(q.limit)
}

fn solves_select(user: UserId) -> Select<progress_solve::Entity> {
    progress_solve::Entity::find()
        .filter(progress_solve::Column::UserId.eq(user.as_uuid()))
        .order_by_asc(progress_solve::Column::SubmissionId)
}

fn has_solved_select(
    user: UserId,
    exercise: ExerciseId,
    before: Option<Uuid>,
) -> Select<progress_attempt::Entity> {
    let mut find = progress_attempt::Entity::find()
        .select_only()
        .column(progress_attempt::Column::Id)
        .filter(progress_attempt::Column::UserId.eq(user.as_uuid()))
        .filter(progress_attempt::Column::ExerciseId.eq(exercise.as_uuid()))
        .filter(progress_attempt::Column::Passed.eq(true));
    if let Some(before) = before {
        find = find.filter(progress_attempt::Column::Id.lt(before));
    }
    find.limit(1)
}

fn activity_select(user: UserId, range: Option<(Date, Date)>) -> Select<progress_day::Entity> {
    let mut find =
        progress_day::Entity::find().filter(progress_day::Column::UserId.eq(user.as_uuid()));
    if let Some((from, to)) = range {
        find = find
            .filter(progress_day::Column::Day.gte(from))
            .filter(progress_day::Column::Day.lte(to));
    }
    find.order_by_asc(progress_day::Column::Day)
}

fn solve_from_row(row: progress_solve::Model) -> anyhow::Result<Solve> {
    let id = row.submission_id;
    Ok(Solve {
        exercise: ExerciseId::from_uuid(row.exercise_id),
        submission: id,
        language: Language::parse(&row.language)
            .with_context(|| format!("unknown language {:?} of solve {id}", row.language))?,
        difficulty: u8::try_from(row.difficulty)
            .ok()
            .and_then(Difficulty::new)
            .with_context(|| format!("bad difficulty {} of solve {id}", row.difficulty))?,
        topics: topics_from_column(&row.topics, id)?,
        attempts: count(row.attempts, "attempts")?,
        hints_used: count(row.hints_used, "hints")?,
        time_spent: Duration::from_millis(
            u64::try_from(row.time_spent_ms).context("negative time spent")?,
        ),
        day: row.day,
    })
}

fn ratings_select(user: UserId) -> Select<progress_rating::Entity> {
    progress_rating::Entity::find().filter(progress_rating::Column::UserId.eq(user.as_uuid()))
}

/// One query behind a progress route, with the plan the database chose for it.
#[derive(Debug, Clone)]
pub struct QueryPlan {
    /// Which query.
    pub name: &'static str,
    /// The database's plan, one line per node.
    pub plan: Vec<String>,
}

impl SqlProgressRepository {
    /// The plans of the queries behind the daily exercise, progress, activity and history
    /// routes, for `user` (`EXPLAIN` on Postgres, `EXPLAIN QUERY PLAN` on SQLite), built by
    /// the same functions the repository methods use. For the index check and operators.
    ///
    /// # Errors
    /// Storage failure.
    pub async fn explain(
        &self,
        user: UserId,
        exercise: ExerciseId,
        day: Date,
    ) -> anyhow::Result<Vec<QueryPlan>> {
        let backend = self.db.get_database_backend();
        let history = AttemptQuery {
            user,
            exercise: None,
            before: Some(Uuid::max()),
            since: None,
            limit: 21,
        };
        let recent = AttemptQuery {
            since: Some(OffsetDateTime::now_utc() - time::Duration::days(7)),
            before: None,
            ..history.clone()
        };
        let statements = [
            ("history page", attempts_select(&history).build(backend)),
            ("recent attempts", attempts_select(&recent).build(backend)),
            ("solves", solves_select(user).build(backend)),
            (
                "has solved",
                has_solved_select(user, exercise, Some(Uuid::max())).build(backend),
            ),
            (
                "activity (a year)",
                activity_select(user, Some((day - time::Duration::days(364), day))).build(backend),
            ),
            ("activity (all)", activity_select(user, None).build(backend)),
            ("topic ratings", ratings_select(user).build(backend)),
            (
                "daily pick",
                daily_pick::Entity::find_by_id((user.as_uuid(), day)).build(backend),
            ),
            (
                "notifications",
                notification::Entity::find()
                    .filter(notification::Column::UserId.eq(user.as_uuid()))
                    .order_by_desc(notification::Column::Id)
                    .limit(20)
                    .build(backend),
            ),
        ];
        let (prefix, column) = match backend {
            DatabaseBackend::Postgres => ("EXPLAIN", "QUERY PLAN"),
            _ => ("EXPLAIN QUERY PLAN", "detail"),
        };
        let mut plans = Vec::new();
        for (name, statement) in statements {
            let explain = Statement {
                sql: format!("{prefix} {}", statement.sql),
                ..statement
            };
            let rows = self.db.query_all_raw(explain).await?;
            let plan = rows
                .iter()
                .map(|row| row.try_get::<String>("", column))
                .collect::<Result<Vec<_>, _>>()?;
            plans.push(QueryPlan { name, plan });
        }
        Ok(plans)
    }
}

#[async_trait]
impl ProgressRepository for SqlProgressRepository {
    async fn record(&self, r: &AttemptRecord, initial: Initial) -> anyhow::Result<bool> {
        let txn = self.db.begin().await?;
        let inserted = progress_attempt::Entity::insert(progress_attempt::ActiveModel {
            id: Set(r.id),
            kind: Set(r.kind.as_str().to_owned()),
            user_id: Set(r.user.as_uuid()),
            exercise_id: Set(r.exercise.as_uuid()),
            language: Set(r.language.as_str().to_owned()),
            difficulty: Set(i16::from(r.difficulty.get())),
            topics: Set(topics_column(&r.topics)),
            passed: Set(r.passed),
            first_solve: Set(r.first_solve),
            attempts: Set(i32::try_from(r.attempts)?),
            hints_used: Set(i32::try_from(r.hints_used)?),
            time_spent_ms: Set(i64::try_from(r.time_spent.as_millis())?),
            day: Set(r.day),
            at: Set(r.at),
            learner_delta: Set(r.learner_delta),
            exercise_delta: Set(r.exercise_delta),
            counted: Set(r.counted),
        })
        .on_conflict(
            OnConflict::column(progress_attempt::Column::Id)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        if inserted == 0 {
            txn.rollback().await?;
            return Ok(false);
        }
        let games = i32::from(r.counted);
        for topic in &r.topics {
            let rating = Expr::col((progress_rating::Entity, progress_rating::Column::Rating));
            let played = Expr::col((progress_rating::Entity, progress_rating::Column::Games));
            progress_rating::Entity::insert(progress_rating::ActiveModel {
                user_id: Set(r.user.as_uuid()),
                topic: Set(topic.as_str().to_owned()),
                rating: Set(apply(initial.learner, r.learner_delta)),
                games: Set(games),
            })
            .on_conflict(
                OnConflict::columns([
                    progress_rating::Column::UserId,
                    progress_rating::Column::Topic,
                ])
                .value(
                    progress_rating::Column::Rating,
                    moved(rating, r.learner_delta),
                )
                .value(progress_rating::Column::Games, played.add(games))
                .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
        }
        let rating = Expr::col((exercise_rating::Entity, exercise_rating::Column::Rating));
        let played = Expr::col((exercise_rating::Entity, exercise_rating::Column::Games));
        exercise_rating::Entity::insert(exercise_rating::ActiveModel {
            exercise_id: Set(r.exercise.as_uuid()),
            rating: Set(apply(initial.exercise, r.exercise_delta)),
            games: Set(games),
        })
        .on_conflict(
            OnConflict::column(exercise_rating::Column::ExerciseId)
                .value(
                    exercise_rating::Column::Rating,
                    moved(rating, r.exercise_delta),
                )
                .value(exercise_rating::Column::Games, played.add(games))
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        if r.kind == AttemptKind::Graded {
            let day = |c| Expr::col((progress_day::Entity, c));
            progress_day::Entity::insert(progress_day::ActiveModel {
                user_id: Set(r.user.as_uuid()),
                day: Set(r.day),
                submissions: Set(1),
                passed: Set(i32::from(r.passed)),
            })
            .on_conflict(
                OnConflict::columns([progress_day::Column::UserId, progress_day::Column::Day])
                    .value(
                        progress_day::Column::Submissions,
                        day(progress_day::Column::Submissions).add(1),
                    )
                    .value(
                        progress_day::Column::Passed,
                        day(progress_day::Column::Passed).add(i32::from(r.passed)),
                    )
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
        }
        if r.passed {
            // The first pass by id wins, whatever order the passes are recorded in.
            progress_solve::Entity::insert(progress_solve::ActiveModel {
                user_id: Set(r.user.as_uuid()),
                exercise_id: Set(r.exercise.as_uuid()),
                submission_id: Set(r.id),
                language: Set(r.language.as_str().to_owned()),
                difficulty: Set(i16::from(r.difficulty.get())),
                topics: Set(topics_column(&r.topics)),
                attempts: Set(i32::try_from(r.attempts)?),
                hints_used: Set(i32::try_from(r.hints_used)?),
                time_spent_ms: Set(i64::try_from(r.time_spent.as_millis())?),
                day: Set(r.day),
            })
            .on_conflict(
                OnConflict::columns([
                    progress_solve::Column::UserId,
                    progress_solve::Column::ExerciseId,
                ])
                .update_columns([
                    progress_solve::Column::SubmissionId,
                    progress_solve::Column::Attempts,
                    progress_solve::Column::HintsUsed,
                    progress_solve::Column::TimeSpentMs,
                    progress_solve::Column::Day,
                ])
                .action_and_where(
                    Expr::col((Alias::new("excluded"), progress_solve::Column::SubmissionId)).lt(
                        Expr::col((progress_solve::Entity, progress_solve::Column::SubmissionId)),
                    ),
                )
                .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
        }
        txn.commit().await?;
        Ok(true)
    }

    async fn topic_ratings(&self, user: UserId) -> anyhow::Result<Vec<TopicRating>> {
        ratings_select(user)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|row| {
                Ok(TopicRating {
                    topic: Topic::parse(&row.topic)
                        .with_context(|| format!("unknown topic {:?}", row.topic))?,
                    rating: Rated {
                        rating: row.rating,
                        games: count(row.games, "games")?,
                    },
                })
            })
            .collect()
    }

    async fn exercise_ratings(&self) -> anyhow::Result<HashMap<ExerciseId, Rated>> {
        exercise_rating::Entity::find()
            .all(&self.db)
            .await?
            .into_iter()
            .map(|row| {
                Ok((
                    ExerciseId::from_uuid(row.exercise_id),
                    Rated {
                        rating: row.rating,
                        games: count(row.games, "games")?,
                    },
                ))
            })
            .collect()
    }

    async fn attempts(&self, q: &AttemptQuery) -> anyhow::Result<Vec<AttemptRecord>> {
        attempts_select(q)
            .all(&self.db)
            .await?
            .into_iter()
            .map(from_row)
            .collect()
    }

    async fn solves(&self, user: UserId) -> anyhow::Result<Vec<Solve>> {
        solves_select(user)
            .all(&self.db)
            .await?
            .into_iter()
            .map(solve_from_row)
            .collect()
    }

    async fn has_solved(
        &self,
        user: UserId,
        exercise: ExerciseId,
        before: Option<Uuid>,
    ) -> anyhow::Result<bool> {
        Ok(has_solved_select(user, exercise, before)
            .into_tuple::<Uuid>()
            .one(&self.db)
            .await?
            .is_some())
    }

    async fn activity(
        &self,
        user: UserId,
        range: Option<(Date, Date)>,
    ) -> anyhow::Result<Vec<DayActivity>> {
        activity_select(user, range)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|row| {
                Ok(DayActivity {
                    day: row.day,
                    submissions: count(row.submissions, "submissions")?,
                    passed: count(row.passed, "passes")?,
                })
            })
            .collect()
    }
}

/// Achievements and notifications in SQL.
#[derive(Debug, Clone)]
pub struct SqlAchievementRepository {
    db: DatabaseConnection,
}

impl SqlAchievementRepository {
    /// Uses the given pool.
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn notification_from_row(row: notification::Model) -> Notification {
    Notification {
        id: row.id,
        user: UserId::from_uuid(row.user_id),
        kind: row.kind,
        subject: row.subject,
        created_at: row.created_at,
        read_at: row.read_at,
    }
}

#[async_trait]
impl AchievementRepository for SqlAchievementRepository {
    async fn award(&self, user: UserId, awards: &[Award]) -> anyhow::Result<Vec<Award>> {
        let txn = self.db.begin().await?;
        let mut new = Vec::new();
        for award in awards {
            let inserted = achievement::Entity::insert(achievement::ActiveModel {
                user_id: Set(user.as_uuid()),
                code: Set(award.code.clone()),
                earned_at: Set(award.earned_at),
            })
            .on_conflict(
                OnConflict::columns([achievement::Column::UserId, achievement::Column::Code])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
            if inserted == 0 {
                continue;
            }
            notification::Entity::insert(notification::ActiveModel {
                id: Set(Uuid::now_v7()),
                user_id: Set(user.as_uuid()),
                kind: Set("achievement".to_owned()),
                subject: Set(award.code.clone()),
                created_at: Set(award.earned_at),
                read_at: Set(None),
            })
            .exec_without_returning(&txn)
            .await?;
            new.push(award.clone());
        }
        txn.commit().await?;
        Ok(new)
    }

    async fn awards(&self, user: UserId) -> anyhow::Result<Vec<Award>> {
        Ok(achievement::Entity::find()
            .filter(achievement::Column::UserId.eq(user.as_uuid()))
            .order_by_asc(achievement::Column::EarnedAt)
            .order_by_asc(achievement::Column::Code)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|row| Award {
                code: row.code,
                earned_at: row.earned_at,
            })
            .collect())
    }

    async fn notifications(
        &self,
        user: UserId,
        unread_only: bool,
        limit: u64,
    ) -> anyhow::Result<Vec<Notification>> {
        let mut find =
            notification::Entity::find().filter(notification::Column::UserId.eq(user.as_uuid()));
        if unread_only {
            find = find.filter(notification::Column::ReadAt.is_null());
        }
        Ok(find
            .order_by_desc(notification::Column::Id)
            .limit(limit)
            .all(&self.db)
            .await?
            .into_iter()
            .map(notification_from_row)
            .collect())
    }

    async fn mark_read(&self, user: UserId, id: Uuid, at: OffsetDateTime) -> anyhow::Result<bool> {
        let mine = || {
            notification::Entity::find()
                .filter(notification::Column::Id.eq(id))
                .filter(notification::Column::UserId.eq(user.as_uuid()))
        };
        notification::Entity::update_many()
            .col_expr(notification::Column::ReadAt, Expr::value(at))
            .filter(notification::Column::Id.eq(id))
            .filter(notification::Column::UserId.eq(user.as_uuid()))
            .filter(notification::Column::ReadAt.is_null())
            .exec(&self.db)
            .await?;
        Ok(mine().one(&self.db).await?.is_some())
    }
}

/// Daily picks in SQL.
#[derive(Debug, Clone)]
pub struct SqlDailyRepository {
    db: DatabaseConnection,
}

impl SqlDailyRepository {
    /// Uses the given pool.
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn pick_from_row(row: daily_pick::Model) -> DailyPick {
    DailyPick {
        user: UserId::from_uuid(row.user_id),
        day: row.day,
        exercise: ExerciseId::from_uuid(row.exercise_id),
        reason: row.reason,
        skipped: row.skipped_exercise_id.map(ExerciseId::from_uuid),
        chosen_at: row.chosen_at,
    }
}

/// Reasons are ours, but keep the column's limit whatever they say.
fn reason_column(reason: &str) -> String {
    reason.chars().take(200).collect()
}

async fn pick(
    db: &impl ConnectionTrait,
    user: UserId,
    day: Date,
) -> anyhow::Result<Option<DailyPick>> {
    Ok(daily_pick::Entity::find_by_id((user.as_uuid(), day))
        .one(db)
        .await?
        .map(pick_from_row))
}

#[async_trait]
impl DailyRepository for SqlDailyRepository {
    async fn get(&self, user: UserId, day: Date) -> anyhow::Result<Option<DailyPick>> {
        pick(&self.db, user, day).await
    }

    async fn put_if_absent(&self, p: &DailyPick) -> anyhow::Result<DailyPick> {
        daily_pick::Entity::insert(daily_pick::ActiveModel {
            user_id: Set(p.user.as_uuid()),
            day: Set(p.day),
            exercise_id: Set(p.exercise.as_uuid()),
            reason: Set(reason_column(&p.reason)),
            skipped_exercise_id: Set(p.skipped.map(|e| e.as_uuid())),
            chosen_at: Set(p.chosen_at),
        })
        .on_conflict(
            OnConflict::columns([daily_pick::Column::UserId, daily_pick::Column::Day])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&self.db)
        .await?;
        pick(&self.db, p.user, p.day)
            .await?
            .context("daily pick missing after insert")
    }

    async fn skip(
        &self,
        user: UserId,
        day: Date,
        skipped: ExerciseId,
        replacement: ExerciseId,
        reason: &str,
    ) -> anyhow::Result<bool> {
        let result = daily_pick::Entity::update_many()
            .col_expr(
                daily_pick::Column::ExerciseId,
                Expr::value(replacement.as_uuid()),
            )
            .col_expr(
                daily_pick::Column::SkippedExerciseId,
                Expr::value(Some(skipped.as_uuid())),
            )
            .col_expr(
                daily_pick::Column::Reason,
                Expr::value(reason_column(reason)),
            )
            .filter(daily_pick::Column::UserId.eq(user.as_uuid()))
            .filter(daily_pick::Column::Day.eq(day))
            .filter(daily_pick::Column::ExerciseId.eq(skipped.as_uuid()))
            .filter(daily_pick::Column::SkippedExerciseId.is_null())
            .exec(&self.db)
            .await?;
        Ok(result.rows_affected == 1)
    }

    async fn since(&self, user: UserId, since: Date) -> anyhow::Result<Vec<DailyPick>> {
        Ok(daily_pick::Entity::find()
            .filter(daily_pick::Column::UserId.eq(user.as_uuid()))
            .filter(daily_pick::Column::Day.gte(since))
            .order_by_asc(daily_pick::Column::Day)
            .all(&self.db)
            .await?
            .into_iter()
            .map(pick_from_row)
            .collect())
    }
}
