//! SQL adapter for [`SubmissionRepository`]: the `submissions` table, which is also the
//! grading queue (ADR 0010). Claims take the oldest waiting row in one statement — with
//! `FOR UPDATE SKIP LOCKED` on Postgres, so concurrent workers pass over each other's rows;
//! SQLite runs one writer at a time, so its single `UPDATE … RETURNING` is atomic as it is.

use std::time::Duration;

use anyhow::Context as _;
use async_trait::async_trait;
use mentor_exercises::{
    Submission, SubmissionQuery, SubmissionRepository, SubmissionStatus, Verdict,
};
use mentor_kernel::{ExerciseId, Language, SubmissionId, UserId};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseBackend, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Statement, sea_query::Expr,
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::entities::submission;

/// Submissions in SQL.
#[derive(Debug, Clone)]
pub struct SqlSubmissionRepository {
    db: DatabaseConnection,
}

impl SqlSubmissionRepository {
    /// Uses the given pool.
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn number(value: i32, what: &str) -> anyhow::Result<u32> {
    u32::try_from(value).with_context(|| format!("negative {what}"))
}

fn from_row(row: submission::Model) -> anyhow::Result<Submission> {
    let id = row.id;
    Ok(Submission {
        id: SubmissionId::from_uuid(row.id),
        user: UserId::from_uuid(row.user_id),
        exercise: ExerciseId::from_uuid(row.exercise_id),
        version: number(row.version, "version")?,
        language: Language::parse(&row.language)
            .with_context(|| format!("unknown language {:?} of submission {id}", row.language))?,
        code: row.code,
        status: SubmissionStatus::parse(&row.status)
            .with_context(|| format!("unknown status {:?} of submission {id}", row.status))?,
        verdict: row
            .verdict
            .as_deref()
            .map(serde_json::from_str::<Verdict>)
            .transpose()
            .with_context(|| format!("unreadable verdict of submission {id}"))?,
        attempts: number(row.attempts, "attempts")?,
        hints_used: number(row.hints_used, "hints used")?,
        created_at: row.created_at,
        graded_at: row.graded_at,
    })
}

fn lease_end(now: OffsetDateTime, lease: Duration) -> anyhow::Result<OffsetDateTime> {
    now.checked_add(time::Duration::try_from(lease)?)
        .context("lease end out of range")
}

#[async_trait]
impl SubmissionRepository for SqlSubmissionRepository {
    async fn create(&self, s: &Submission) -> anyhow::Result<()> {
        let verdict = s.verdict.as_ref().map(serde_json::to_string).transpose()?;
        submission::Entity::insert(submission::ActiveModel {
            id: Set(s.id.as_uuid()),
            user_id: Set(s.user.as_uuid()),
            exercise_id: Set(s.exercise.as_uuid()),
            version: Set(i32::try_from(s.version)?),
            language: Set(s.language.as_str().to_owned()),
            code: Set(s.code.clone()),
            status: Set(s.status.as_str().to_owned()),
            verdict: Set(verdict),
            attempts: Set(i32::try_from(s.attempts)?),
            hints_used: Set(i32::try_from(s.hints_used)?),
            lease_token: Set(None),
            lease_until: Set(None),
            created_at: Set(s.created_at),
            graded_at: Set(s.graded_at),
            passed: Set(s.verdict.as_ref().is_some_and(Verdict::passed)),
            published_at: Set(None),
        })
        .exec(&self.db)
        .await?;
        Ok(())
    }

    async fn get(&self, id: SubmissionId) -> anyhow::Result<Option<Submission>> {
        submission::Entity::find_by_id(id.as_uuid())
            .one(&self.db)
            .await?
            .map(from_row)
            .transpose()
    }

    async fn list(&self, query: &SubmissionQuery) -> anyhow::Result<Vec<Submission>> {
        let mut select =
            submission::Entity::find().filter(submission::Column::UserId.eq(query.user.as_uuid()));
        if let Some(exercise) = query.exercise {
            select = select.filter(submission::Column::ExerciseId.eq(exercise.as_uuid()));
        }
        if let Some(before) = query.before {
            select = select.filter(submission::Column::Id.lt(before.as_uuid()));
        }
        select
            .order_by_desc(submission::Column::Id)
            .limit(query.limit)
            .all(&self.db)
            .await?
            .into_iter()
            .map(from_row)
            .collect()
    }

    async fn claim(
        &self,
        token: Uuid,
        now: OffsetDateTime,
        lease: Duration,
    ) -> anyhow::Result<Option<Submission>> {
        let backend = self.db.get_database_backend();
        // One statement for both; Postgres numbers its parameters and skips locked rows.
        let (p, lock) = match backend {
            DatabaseBackend::Postgres => (["$1", "$2", "$3"], " FOR UPDATE SKIP LOCKED"),
            _ => (["?", "?", "?"], ""),
        };
        let sql = format!(
            "UPDATE submissions SET status = 'running', attempts = attempts + 1, \
             lease_token = {}, lease_until = {} \
             WHERE id = (SELECT id FROM submissions \
               WHERE status = 'queued' OR (status = 'running' AND lease_until < {}) \
               ORDER BY id LIMIT 1{lock}) \
             RETURNING *",
            p[0], p[1], p[2]
        );
        let statement = Statement::from_sql_and_values(
            backend,
            sql,
            [token.into(), lease_end(now, lease)?.into(), now.into()],
        );
        submission::Entity::find()
            .from_raw_sql(statement)
            .one(&self.db)
            .await?
            .map(from_row)
            .transpose()
    }

    async fn complete(
        &self,
        id: SubmissionId,
        token: Uuid,
        verdict: &Verdict,
        at: OffsetDateTime,
    ) -> anyhow::Result<bool> {
        let result = submission::Entity::update_many()
            .col_expr(submission::Column::Status, Expr::value("graded"))
            .col_expr(
                submission::Column::Verdict,
                Expr::value(serde_json::to_string(verdict)?),
            )
            .col_expr(submission::Column::GradedAt, Expr::value(at))
            .col_expr(submission::Column::Passed, Expr::value(verdict.passed()))
            .col_expr(
                submission::Column::LeaseToken,
                Expr::value(Option::<Uuid>::None),
            )
            .col_expr(
                submission::Column::LeaseUntil,
                Expr::value(Option::<OffsetDateTime>::None),
            )
            .filter(submission::Column::Id.eq(id.as_uuid()))
            .filter(submission::Column::Status.eq("running"))
            .filter(submission::Column::LeaseToken.eq(token))
            .exec(&self.db)
            .await?;
        Ok(result.rows_affected == 1)
    }

    async fn release(&self, id: SubmissionId, token: Uuid, give_up: bool) -> anyhow::Result<bool> {
        let status = if give_up { "failed" } else { "queued" };
        let result = submission::Entity::update_many()
            .col_expr(submission::Column::Status, Expr::value(status))
            .col_expr(
                submission::Column::LeaseToken,
                Expr::value(Option::<Uuid>::None),
            )
            .col_expr(
                submission::Column::LeaseUntil,
                Expr::value(Option::<OffsetDateTime>::None),
            )
            .filter(submission::Column::Id.eq(id.as_uuid()))
            .filter(submission::Column::Status.eq("running"))
            .filter(submission::Column::LeaseToken.eq(token))
            .exec(&self.db)
            .await?;
        Ok(result.rows_affected == 1)
    }

    async fn solved(&self, user: UserId) -> anyhow::Result<Vec<ExerciseId>> {
        let ids: Vec<Uuid> = submission::Entity::find()
            .select_only()
            .column(submission::Column::ExerciseId)
            .distinct()
            .filter(submission::Column::UserId.eq(user.as_uuid()))
            .filter(submission::Column::Passed.eq(true))
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(ids.into_iter().map(ExerciseId::from_uuid).collect())
    }

    async fn mark_published(&self, id: SubmissionId, at: OffsetDateTime) -> anyhow::Result<()> {
        submission::Entity::update_many()
            .col_expr(submission::Column::PublishedAt, Expr::value(at))
            .filter(submission::Column::Id.eq(id.as_uuid()))
            .filter(submission::Column::PublishedAt.is_null())
            .exec(&self.db)
            .await?;
        Ok(())
    }

    async fn unpublished(
        &self,
        graded_before: OffsetDateTime,
        after: Option<SubmissionId>,
        limit: u64,
    ) -> anyhow::Result<Vec<Submission>> {
        let mut find = submission::Entity::find();
        if let Some(after) = after {
            find = find.filter(submission::Column::Id.gt(after.as_uuid()));
        }
        find.filter(submission::Column::PublishedAt.is_null())
            .filter(submission::Column::Status.eq("graded"))
            .filter(submission::Column::GradedAt.lt(graded_before))
            .order_by_asc(submission::Column::Id)
            .limit(limit)
            .all(&self.db)
            .await?
            .into_iter()
            .map(from_row)
            .collect()
    }

    async fn history(
        &self,
        user: UserId,
        exercise: ExerciseId,
        upto: SubmissionId,
    ) -> anyhow::Result<(u32, Option<OffsetDateTime>)> {
        let mine = submission::Entity::find()
            .filter(submission::Column::UserId.eq(user.as_uuid()))
            .filter(submission::Column::ExerciseId.eq(exercise.as_uuid()))
            .filter(submission::Column::Status.ne("failed"))
            .filter(submission::Column::Id.lte(upto.as_uuid()));
        let count = mine.clone().count(&self.db).await?;
        let first = mine
            .order_by_asc(submission::Column::Id)
            .one(&self.db)
            .await?
            .map(|row| row.created_at);
        Ok((u32::try_from(count).unwrap_or(u32::MAX), first))
    }
}
