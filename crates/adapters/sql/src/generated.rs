//! SQL [`GeneratedExerciseRepository`]: one row per generated exercise, its draft as JSON
//! (the content schema's fields), checked again on every read so a bad row is an error.

use anyhow::Context as _;
use async_trait::async_trait;
use mentor_exercises::{
    DraftParts, GeneratedExercise, GeneratedExerciseRepository, GeneratedQuery, ReviewStatus,
};
use mentor_kernel::{ExerciseId, GenerationId, Topic, UserId};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, sea_query::Expr,
};

use crate::entities::generated_exercise;

/// Generated exercises in SQL.
#[derive(Debug, Clone)]
pub struct SqlGeneratedExercises {
    db: DatabaseConnection,
}

impl SqlGeneratedExercises {
    /// Uses the given pool.
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn from_row(row: generated_exercise::Model) -> anyhow::Result<GeneratedExercise> {
    let id = row.id;
    let parts: DraftParts = serde_json::from_str(&row.draft)
        .with_context(|| format!("stored draft of generated exercise {id}"))?;
    let draft = parts.check().map_err(|problems| {
        anyhow::anyhow!(
            "stored draft of generated exercise {id} is invalid: {}",
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        )
    })?;
    Ok(GeneratedExercise {
        id: GenerationId::from_uuid(id),
        requested_by: UserId::from_uuid(row.requested_by),
        topic: Topic::parse(&row.topic)
            .with_context(|| format!("stored topic {:?} of {id}", row.topic))?,
        brief: row.brief,
        draft,
        status: ReviewStatus::parse(&row.status)
            .with_context(|| format!("stored status {:?} of {id}", row.status))?,
        reviewer: row.reviewer.map(UserId::from_uuid),
        reason: row.reason,
        exercise: row.exercise_id.map(ExerciseId::from_uuid),
        created_at: row.created_at,
        reviewed_at: row.reviewed_at,
    })
}

#[async_trait]
impl GeneratedExerciseRepository for SqlGeneratedExercises {
    async fn create(&self, g: &GeneratedExercise) -> anyhow::Result<()> {
        generated_exercise::Entity::insert(generated_exercise::ActiveModel {
            id: Set(g.id.as_uuid()),
            requested_by: Set(g.requested_by.as_uuid()),
            language: Set(g.draft.language.as_str().to_owned()),
            slug: Set(g.draft.slug.as_str().to_owned()),
            topic: Set(g.topic.as_str().to_owned()),
            brief: Set(g.brief.clone()),
            draft: Set(serde_json::to_string(&DraftParts::of(&g.draft))?),
            status: Set(g.status.as_str().to_owned()),
            reviewer: Set(g.reviewer.map(|r| r.as_uuid())),
            reason: Set(g.reason.clone()),
            exercise_id: Set(g.exercise.map(|e| e.as_uuid())),
            created_at: Set(g.created_at),
            reviewed_at: Set(g.reviewed_at),
        })
        .exec_without_returning(&self.db)
        .await?;
        Ok(())
    }

    async fn get(&self, id: GenerationId) -> anyhow::Result<Option<GeneratedExercise>> {
        generated_exercise::Entity::find_by_id(id.as_uuid())
            .one(&self.db)
            .await?
            .map(from_row)
            .transpose()
    }

    async fn list(&self, q: &GeneratedQuery) -> anyhow::Result<Vec<GeneratedExercise>> {
        let mut select = generated_exercise::Entity::find();
        if let Some(status) = q.status {
            select = select.filter(generated_exercise::Column::Status.eq(status.as_str()));
        }
        if let Some(after) = q.after {
            select = select.filter(generated_exercise::Column::Id.gt(after.as_uuid()));
        }
        select
            .order_by_asc(generated_exercise::Column::Id)
            .limit(q.limit)
            .all(&self.db)
            .await?
            .into_iter()
            .map(from_row)
            .collect()
    }

    async fn set_review(&self, g: &GeneratedExercise, from: ReviewStatus) -> anyhow::Result<bool> {
        let result = generated_exercise::Entity::update_many()
            .col_expr(
                generated_exercise::Column::Status,
                Expr::value(g.status.as_str()),
            )
            .col_expr(
                generated_exercise::Column::Reviewer,
                Expr::value(g.reviewer.map(|r| r.as_uuid())),
            )
            .col_expr(
                generated_exercise::Column::Reason,
                Expr::value(g.reason.clone()),
            )
            .col_expr(
                generated_exercise::Column::ExerciseId,
                Expr::value(g.exercise.map(|e| e.as_uuid())),
            )
            .col_expr(
                generated_exercise::Column::ReviewedAt,
                Expr::value(g.reviewed_at),
            )
            .filter(generated_exercise::Column::Id.eq(g.id.as_uuid()))
            .filter(generated_exercise::Column::Status.eq(from.as_str()))
            .exec(&self.db)
            .await?;
        Ok(result.rows_affected == 1)
    }
}
