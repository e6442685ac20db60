//! What model calls cost: one [`UsageRecord`] per call (provider, model, tokens, cost, for
//! which learner and purpose), kept by a [`UsageLedger`] that answers per-learner daily totals
//! (budgets, `/me/usage`) and per-learner-and-day totals for operators.

use async_trait::async_trait;
use mentor_kernel::UserId;
use serde::Serialize;
use time::{Date, OffsetDateTime};

/// What a model call was for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// A chat answer.
    Chat,
    /// A conversation summary.
    Summary,
    /// An AI hint.
    Hint,
    /// Feedback on a failed submission.
    Feedback,
    /// A generated exercise.
    Generation,
}

impl Purpose {
    /// Every purpose.
    pub const ALL: [Self; 5] = [
        Self::Chat,
        Self::Summary,
        Self::Hint,
        Self::Feedback,
        Self::Generation,
    ];

    /// The stored name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Chat => "chat",
            Self::Summary => "summary",
            Self::Hint => "hint",
            Self::Feedback => "feedback",
            Self::Generation => "generation",
        }
    }

    /// From the stored name.
    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == raw)
    }
}

/// One model call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageRecord {
    /// Who it was for (the admin, for a generated exercise).
    pub user: UserId,
    /// When it ended.
    pub at: OffsetDateTime,
    /// The provider that answered.
    pub provider: String,
    /// Its model.
    pub model: String,
    /// What for.
    pub purpose: Purpose,
    /// Prompt tokens.
    pub prompt_tokens: u32,
    /// Completion tokens.
    pub completion_tokens: u32,
    /// Cost in millionths of the price table's currency unit.
    pub cost_micros: u64,
}

impl UsageRecord {
    /// The UTC day budgets count it on.
    #[must_use]
    pub fn day(&self) -> Date {
        self.at.to_offset(time::UtcOffset::UTC).date()
    }

    /// Prompt and completion tokens.
    #[must_use]
    pub fn tokens(&self) -> u64 {
        u64::from(self.prompt_tokens) + u64::from(self.completion_tokens)
    }
}

/// Totals over some calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct UsageTotals {
    /// Calls.
    pub requests: u64,
    /// Prompt tokens.
    pub prompt_tokens: u64,
    /// Completion tokens.
    pub completion_tokens: u64,
    /// Cost in millionths.
    pub cost_micros: u64,
}

impl UsageTotals {
    /// Prompt and completion tokens.
    #[must_use]
    pub const fn tokens(&self) -> u64 {
        self.prompt_tokens.saturating_add(self.completion_tokens)
    }
}

/// One learner's totals on one UTC day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayUsage {
    /// The learner.
    pub user: UserId,
    /// The UTC day.
    pub day: Date,
    /// The totals.
    pub totals: UsageTotals,
}

/// Keeps model-call records.
#[async_trait]
pub trait UsageLedger: Send + Sync {
    /// Stores one call. Records are only added, never changed; concurrent records MUST all
    /// count.
    ///
    /// # Errors
    /// Storage failure.
    async fn record(&self, record: &UsageRecord) -> anyhow::Result<()>;

    /// `user`'s totals on UTC `day` (zero when nothing was recorded).
    ///
    /// # Errors
    /// Storage failure.
    async fn on_day(&self, user: UserId, day: Date) -> anyhow::Result<UsageTotals>;

    /// `user`'s totals per UTC day from `from` to `to` inclusive, oldest first; days without
    /// calls are left out.
    ///
    /// # Errors
    /// Storage failure.
    async fn days(&self, user: UserId, from: Date, to: Date) -> anyhow::Result<Vec<DayUsage>>;

    /// Every learner's totals per UTC day from `from` to `to` inclusive: newest day first, then
    /// highest cost, then user id; at most `limit` rows.
    ///
    /// # Errors
    /// Storage failure.
    async fn all_days(&self, from: Date, to: Date, limit: u32) -> anyhow::Result<Vec<DayUsage>>;
}
