//! SQL [`UsageLedger`]: one row per model call, with its UTC day stored beside the instant.
//! Totals are `GROUP BY` queries; every sum is cast to `BIGINT`, so it decodes alike on
//! Postgres (where a sum of `bigint` is `numeric`) and SQLite.

use anyhow::Context as _;
use async_trait::async_trait;
use mentor_kernel::UserId;
use mentor_tutoring::{DayUsage, UsageLedger, UsageRecord, UsageTotals};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select,
    sea_query::{Expr, Func},
};
use time::Date;
use uuid::Uuid;

use crate::entities::llm_usage;

/// Model-call records in SQL.
#[derive(Debug, Clone)]
pub struct SqlUsageLedger {
    db: DatabaseConnection,
}

impl SqlUsageLedger {
    /// Uses the given pool.
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

/// One group's user, day, calls, prompt tokens, completion tokens and cost.
type TotalsRow = (Uuid, Date, i64, i64, i64, i64);

fn total(column: llm_usage::Column) -> Expr {
    Func::cast_as(Func::sum(Expr::col((llm_usage::Entity, column))), "BIGINT").into()
}

/// Totals per learner and day, over the rows the caller's filters leave.
fn totals_select() -> Select<llm_usage::Entity> {
    llm_usage::Entity::find()
        .select_only()
        .column(llm_usage::Column::UserId)
        .column(llm_usage::Column::Day)
        .column_as(
            Expr::from(Func::cast_as(
                Func::count(Expr::col((llm_usage::Entity, llm_usage::Column::Id))),
                "BIGINT",
            )),
            "requests",
        )
        .column_as(total(llm_usage::Column::PromptTokens), "prompt_total")
        .column_as(
            total(llm_usage::Column::CompletionTokens),
            "completion_total",
        )
        .column_as(total(llm_usage::Column::CostMicros), "cost_total")
        .group_by(llm_usage::Column::UserId)
        .group_by(llm_usage::Column::Day)
}

fn counted(value: i64, what: &str) -> anyhow::Result<u64> {
    u64::try_from(value).with_context(|| format!("negative {what} total"))
}

fn day_from_row(
    (user, day, requests, prompt, completion, cost): TotalsRow,
) -> anyhow::Result<DayUsage> {
    Ok(DayUsage {
        user: UserId::from_uuid(user),
        day,
        totals: UsageTotals {
            requests: counted(requests, "request")?,
            prompt_tokens: counted(prompt, "prompt token")?,
            completion_tokens: counted(completion, "completion token")?,
            cost_micros: counted(cost, "cost")?,
        },
    })
}

async fn days_of(
    db: &DatabaseConnection,
    select: Select<llm_usage::Entity>,
) -> anyhow::Result<Vec<DayUsage>> {
    select
        .into_tuple::<TotalsRow>()
        .all(db)
        .await?
        .into_iter()
        .map(day_from_row)
        .collect()
}

#[async_trait]
impl UsageLedger for SqlUsageLedger {
    async fn record(&self, r: &UsageRecord) -> anyhow::Result<()> {
        llm_usage::Entity::insert(llm_usage::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(r.user.as_uuid()),
            day: Set(r.day()),
            at: Set(r.at),
            provider: Set(r.provider.clone()),
            model: Set(r.model.clone()),
            purpose: Set(r.purpose.as_str().to_owned()),
            prompt_tokens: Set(i32::try_from(r.prompt_tokens).context("too many prompt tokens")?),
            completion_tokens: Set(
                i32::try_from(r.completion_tokens).context("too many completion tokens")?
            ),
            cost_micros: Set(i64::try_from(r.cost_micros).context("cost out of range")?),
        })
        .exec_without_returning(&self.db)
        .await?;
        Ok(())
    }

    async fn on_day(&self, user: UserId, day: Date) -> anyhow::Result<UsageTotals> {
        let select = totals_select()
            .filter(llm_usage::Column::UserId.eq(user.as_uuid()))
            .filter(llm_usage::Column::Day.eq(day));
        Ok(days_of(&self.db, select)
            .await?
            .first()
            .map(|d| d.totals)
            .unwrap_or_default())
    }

    async fn days(&self, user: UserId, from: Date, to: Date) -> anyhow::Result<Vec<DayUsage>> {
        let select = totals_select()
            .filter(llm_usage::Column::UserId.eq(user.as_uuid()))
            .filter(llm_usage::Column::Day.gte(from))
            .filter(llm_usage::Column::Day.lte(to))
            .order_by_asc(llm_usage::Column::Day);
        days_of(&self.db, select).await
    }

    async fn all_days(&self, from: Date, to: Date, limit: u32) -> anyhow::Result<Vec<DayUsage>> {
        let select = totals_select()
            .filter(llm_usage::Column::Day.gte(from))
            .filter(llm_usage::Column::Day.lte(to))
            .order_by_desc(llm_usage::Column::Day)
            .order_by_desc(total(llm_usage::Column::CostMicros))
            .order_by_asc(llm_usage::Column::UserId)
            .limit(u64::from(limit));
        days_of(&self.db, select).await
    }
}
