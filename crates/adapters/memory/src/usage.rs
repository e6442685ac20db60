//! In-process [`UsageLedger`]: every record in a list, totalled when asked.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use mentor_kernel::UserId;
use mentor_tutoring::{DayUsage, UsageLedger, UsageRecord, UsageTotals};
use time::Date;

use crate::lock;

/// Model-call records in a list.
#[derive(Debug, Default, Clone)]
pub struct MemoryUsageLedger {
    records: Arc<Mutex<Vec<UsageRecord>>>,
}

impl MemoryUsageLedger {
    /// An empty ledger.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Totals per learner and UTC day of the records `keep` selects.
    fn totals(&self, keep: impl Fn(&UsageRecord) -> bool) -> Vec<DayUsage> {
        let records = lock(&self.records);
        let mut totals: BTreeMap<(UserId, Date), UsageTotals> = BTreeMap::new();
        for r in records.iter().filter(|r| keep(r)) {
            let t = totals.entry((r.user, r.day())).or_default();
            t.requests += 1;
            t.prompt_tokens = t.prompt_tokens.saturating_add(u64::from(r.prompt_tokens));
            t.completion_tokens = t
                .completion_tokens
                .saturating_add(u64::from(r.completion_tokens));
            t.cost_micros = t.cost_micros.saturating_add(r.cost_micros);
        }
        totals
            .into_iter()
            .map(|((user, day), totals)| DayUsage { user, day, totals })
            .collect()
    }
}

#[async_trait]
impl UsageLedger for MemoryUsageLedger {
    async fn record(&self, record: &UsageRecord) -> anyhow::Result<()> {
        lock(&self.records).push(record.clone());
        Ok(())
    }

    async fn on_day(&self, user: UserId, day: Date) -> anyhow::Result<UsageTotals> {
        Ok(self
            .totals(|r| r.user == user && r.day() == day)
            .first()
            .map(|d| d.totals)
            .unwrap_or_default())
    }

    async fn days(&self, user: UserId, from: Date, to: Date) -> anyhow::Result<Vec<DayUsage>> {
        let mut days = self.totals(|r| r.user == user && (from..=to).contains(&r.day()));
        days.sort_by_key(|d| d.day);
        Ok(days)
    }

    async fn all_days(&self, from: Date, to: Date, limit: u32) -> anyhow::Result<Vec<DayUsage>> {
        let mut days = self.totals(|r| (from..=to).contains(&r.day()));
        days.sort_by(|a, b| {
            b.day
                .cmp(&a.day)
                .then(b.totals.cost_micros.cmp(&a.totals.cost_micros))
                .then(a.user.cmp(&b.user))
        });
        days.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok(days)
    }
}
