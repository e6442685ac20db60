//! SQL adapters for the catalog ports: `exercises` (one row per exercise, with the current
//! version's filter columns), `exercise_versions` (every version's content) and
//! `hint_reveals` (an atomic counter per learner and exercise).

use anyhow::Context as _;
use async_trait::async_trait;
use mentor_exercises::{
    CatalogQuery, CatalogRepository, Difficulty, Exercise, ExerciseDraft, ExerciseVersion, Hint,
    HintLedger, Limits, Slug, SourceFile, Topic,
};
use mentor_kernel::{ExerciseId, Language, UserId};
use sea_orm::sea_query::{Expr, ExprTrait as _, OnConflict, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait as _, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::entities::{exercise, exercise_version, hint_reveal};

/// The catalog in SQL.
#[derive(Debug, Clone)]
pub struct SqlCatalogRepository {
    db: DatabaseConnection,
}

impl SqlCatalogRepository {
    /// Uses the given pool.
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn files_to_json(files: &[SourceFile]) -> String {
    Value::Array(
        files
            .iter()
            .map(|f| json!({"name": f.name, "content": f.content}))
            .collect(),
    )
    .to_string()
}

fn files_from_json(raw: &str) -> anyhow::Result<Vec<SourceFile>> {
    let value: Value = serde_json::from_str(raw)?;
    value
        .as_array()
        .context("not an array")?
        .iter()
        .map(|f| {
            Ok(SourceFile {
                name: f["name"].as_str().context("file name")?.to_owned(),
                content: f["content"].as_str().context("file content")?.to_owned(),
            })
        })
        .collect()
}

fn topics_column(topics: &[Topic]) -> String {
    let mut out = String::from(",");
    for t in topics {
        out.push_str(t.as_str());
        out.push(',');
    }
    out
}

fn number<T: TryFrom<i32>>(value: i32, what: &str) -> anyhow::Result<T> {
    T::try_from(value).map_err(|_| anyhow::anyhow!("stored {what} {value} out of range"))
}

fn version_from_rows(
    head: &exercise::Model,
    row: exercise_version::Model,
) -> anyhow::Result<ExerciseVersion> {
    let id = head.id;
    let topics = row
        .topics
        .split(',')
        .filter(|t| !t.is_empty())
        .map(|t| Topic::parse(t).with_context(|| format!("unknown topic {t:?} of {id}")))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let hints: Vec<String> =
        serde_json::from_str(&row.hints).with_context(|| format!("stored hints of {id}"))?;
    let draft = ExerciseDraft {
        language: Language::parse(&head.language)
            .with_context(|| format!("unknown language {:?} of {id}", head.language))?,
        slug: Slug::parse(&head.slug).with_context(|| format!("stored slug of {id}"))?,
        version: number(row.version, "version")?,
        title: row.title,
        difficulty: Difficulty::new(number(row.difficulty, "difficulty")?)
            .with_context(|| format!("stored difficulty of {id}"))?,
        topics,
        statement: row.statement,
        starter: row.starter,
        visible_tests: files_from_json(&row.visible_tests)
            .with_context(|| format!("stored visible tests of {id}"))?,
        hidden_tests: files_from_json(&row.hidden_tests)
            .with_context(|| format!("stored hidden tests of {id}"))?,
        reference: row.reference,
        hints: hints.into_iter().map(|text| Hint { text }).collect(),
        limits: Limits {
            cpu_ms: number(row.cpu_ms, "cpu limit")?,
            wall_ms: number(row.wall_ms, "wall limit")?,
            memory_mb: number(row.memory_mb, "memory limit")?,
        },
        help_cap: row
            .help_cap
            .map(|h| {
                mentor_kernel::HelpLevel::parse(&h)
                    .with_context(|| format!("stored help cap {h:?} of {id}"))
            })
            .transpose()?,
    };
    Ok(ExerciseVersion {
        draft,
        fingerprint: row.fingerprint,
        created_at: row.created_at,
    })
}

fn version_row(
    id: ExerciseId,
    v: &ExerciseVersion,
) -> anyhow::Result<exercise_version::ActiveModel> {
    let d = &v.draft;
    let int = |value: u32, what: &str| {
        i32::try_from(value).with_context(|| format!("{what} {value} too large to store"))
    };
    Ok(exercise_version::ActiveModel {
        exercise_id: Set(id.as_uuid()),
        version: Set(int(d.version, "version")?),
        title: Set(d.title.clone()),
        difficulty: Set(i32::from(d.difficulty.get())),
        topics: Set(topics_column(&d.topics)),
        statement: Set(d.statement.clone()),
        starter: Set(d.starter.clone()),
        visible_tests: Set(files_to_json(&d.visible_tests)),
        hidden_tests: Set(files_to_json(&d.hidden_tests)),
        reference: Set(d.reference.clone()),
        hints: Set(Value::Array(d.hints.iter().map(|h| json!(h.text)).collect()).to_string()),
        cpu_ms: Set(int(d.limits.cpu_ms, "cpu limit")?),
        wall_ms: Set(int(d.limits.wall_ms, "wall limit")?),
        memory_mb: Set(int(d.limits.memory_mb, "memory limit")?),
        fingerprint: Set(v.fingerprint.clone()),
        help_cap: Set(d.help_cap.map(|h| h.as_str().to_owned())),
        created_at: Set(v.created_at),
    })
}

impl SqlCatalogRepository {
    async fn with_current(&self, heads: Vec<exercise::Model>) -> anyhow::Result<Vec<Exercise>> {
        let mut out = Vec::with_capacity(heads.len());
        for head in heads {
            let row = exercise_version::Entity::find_by_id((head.id, head.current_version))
                .one(&self.db)
                .await?
                .with_context(|| format!("current version of {} missing", head.id))?;
            out.push(Exercise {
                id: ExerciseId::from_uuid(head.id),
                current: version_from_rows(&head, row)?,
            });
        }
        Ok(out)
    }
}

#[async_trait]
impl CatalogRepository for SqlCatalogRepository {
    async fn find_by_slug(
        &self,
        language: Language,
        slug: &Slug,
    ) -> anyhow::Result<Option<Exercise>> {
        let head = exercise::Entity::find()
            .filter(exercise::Column::Language.eq(language.as_str()))
            .filter(exercise::Column::Slug.eq(slug.as_str()))
            .one(&self.db)
            .await?;
        Ok(self.with_current(head.into_iter().collect()).await?.pop())
    }

    async fn create(&self, id: ExerciseId, v: &ExerciseVersion) -> anyhow::Result<()> {
        let d = &v.draft;
        let txn = self.db.begin().await?;
        exercise::Entity::insert(exercise::ActiveModel {
            id: Set(id.as_uuid()),
            language: Set(d.language.as_str().to_owned()),
            slug: Set(d.slug.as_str().to_owned()),
            current_version: Set(i32::try_from(d.version)?),
            difficulty: Set(i32::from(d.difficulty.get())),
            topics: Set(topics_column(&d.topics)),
            created_at: Set(v.created_at),
        })
        .exec_without_returning(&txn)
        .await?;
        exercise_version::Entity::insert(version_row(id, v)?)
            .exec_without_returning(&txn)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    async fn add_version(&self, id: ExerciseId, v: &ExerciseVersion) -> anyhow::Result<()> {
        let d = &v.draft;
        let txn = self.db.begin().await?;
        exercise_version::Entity::insert(version_row(id, v)?)
            .exec_without_returning(&txn)
            .await?;
        let updated = exercise::Entity::update_many()
            .col_expr(
                exercise::Column::CurrentVersion,
                Expr::value(i32::try_from(d.version)?),
            )
            .col_expr(
                exercise::Column::Difficulty,
                Expr::value(i32::from(d.difficulty.get())),
            )
            .col_expr(
                exercise::Column::Topics,
                Expr::value(topics_column(&d.topics)),
            )
            .filter(exercise::Column::Id.eq(id.as_uuid()))
            .exec(&txn)
            .await?;
        anyhow::ensure!(updated.rows_affected == 1, "exercise {id} not found");
        txn.commit().await?;
        Ok(())
    }

    async fn get(&self, id: ExerciseId) -> anyhow::Result<Option<Exercise>> {
        let head = exercise::Entity::find_by_id(id.as_uuid())
            .one(&self.db)
            .await?;
        Ok(self.with_current(head.into_iter().collect()).await?.pop())
    }

    async fn get_version(
        &self,
        id: ExerciseId,
        version: u32,
    ) -> anyhow::Result<Option<ExerciseVersion>> {
        let Some(head) = exercise::Entity::find_by_id(id.as_uuid())
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        exercise_version::Entity::find_by_id((id.as_uuid(), i32::try_from(version)?))
            .one(&self.db)
            .await?
            .map(|row| version_from_rows(&head, row))
            .transpose()
    }

    async fn list(&self, q: &CatalogQuery) -> anyhow::Result<Vec<Exercise>> {
        let mut select = exercise::Entity::find();
        if let Some(after) = q.after {
            select = select.filter(exercise::Column::Id.gt(after.as_uuid()));
        }
        if let Some(only) = &q.only {
            select = select.filter(exercise::Column::Id.is_in(only.iter().map(|id| id.as_uuid())));
        }
        if !q.except.is_empty() {
            select = select
                .filter(exercise::Column::Id.is_not_in(q.except.iter().map(|id| id.as_uuid())));
        }
        if let Some(language) = q.language {
            select = select.filter(exercise::Column::Language.eq(language.as_str()));
        }
        if let Some(difficulty) = q.difficulty {
            select = select.filter(exercise::Column::Difficulty.eq(i32::from(difficulty.get())));
        }
        if let Some(topic) = q.topic {
            // Topic names are fixed words without LIKE wildcards.
            select = select.filter(
                Expr::col(exercise::Column::Topics).like(format!("%,{},%", topic.as_str())),
            );
        }
        let heads = select
            .order_by_asc(exercise::Column::Id)
            .limit(q.limit)
            .all(&self.db)
            .await?;
        self.with_current(heads).await
    }
}

/// Hint reveals in SQL: one counter row per learner and exercise, raised by a single
/// `INSERT … ON CONFLICT DO UPDATE` (atomic on both Postgres and SQLite).
#[derive(Debug, Clone)]
pub struct SqlHintLedger {
    db: DatabaseConnection,
}

impl SqlHintLedger {
    /// Uses the given pool.
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl HintLedger for SqlHintLedger {
    async fn reveal_next(
        &self,
        user: UserId,
        exercise: ExerciseId,
        total: u32,
        at: OffsetDateTime,
    ) -> anyhow::Result<u32> {
        let total = i32::try_from(total)?;
        let current = Expr::col((hint_reveal::Entity, hint_reveal::Column::Revealed));
        let mut insert = Query::insert();
        insert
            .into_table(hint_reveal::Entity)
            .columns([
                hint_reveal::Column::UserId,
                hint_reveal::Column::ExerciseId,
                hint_reveal::Column::Revealed,
                hint_reveal::Column::UpdatedAt,
            ])
            .values([
                user.as_uuid().into(),
                exercise.as_uuid().into(),
                Ord::min(1_i32, total).into(),
                at.into(),
            ])?
            .on_conflict(
                OnConflict::columns([hint_reveal::Column::UserId, hint_reveal::Column::ExerciseId])
                    .value(
                        hint_reveal::Column::Revealed,
                        Expr::case(current.clone().lt(total), current.clone().add(1))
                            .finally(current),
                    )
                    .value(hint_reveal::Column::UpdatedAt, Expr::value(at))
                    .to_owned(),
            );
        let txn = self.db.begin().await?;
        txn.execute(&insert).await?;
        let revealed = hint_reveal::Entity::find_by_id((user.as_uuid(), exercise.as_uuid()))
            .select_only()
            .column(hint_reveal::Column::Revealed)
            .into_tuple::<i32>()
            .one(&txn)
            .await?
            .context("hint counter missing after upsert")?;
        txn.commit().await?;
        Ok(number(revealed, "hint count")?)
    }

    async fn revealed(&self, user: UserId, exercise: ExerciseId) -> anyhow::Result<u32> {
        let revealed = hint_reveal::Entity::find_by_id((user.as_uuid(), exercise.as_uuid()))
            .select_only()
            .column(hint_reveal::Column::Revealed)
            .into_tuple::<i32>()
            .one(&self.db)
            .await?;
        revealed.map_or(Ok(0), |r| number(r, "hint count"))
    }
}
