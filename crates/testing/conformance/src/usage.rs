//! The [`UsageLedger`] contract: every record counts (also concurrent ones) on the UTC day of
//! its instant; totals per learner and day, filtered by range and ordered as documented.

use std::sync::Arc;

use mentor_auth::UserRepository;
use mentor_kernel::UserId;
use mentor_tutoring::{DayUsage, Purpose, UsageLedger, UsageRecord, UsageTotals};
use time::{Date, OffsetDateTime, macros::date, macros::datetime};

use crate::sessions::new_user;

/// A call of `user` at `at`, with 10 prompt and 5 completion tokens.
fn at(user: UserId, at: OffsetDateTime, cost: u64) -> UsageRecord {
    UsageRecord {
        user,
        at,
        provider: "openai".to_owned(),
        model: "gpt-test «mini»".to_owned(),
        purpose: Purpose::Chat,
        prompt_tokens: 10,
        completion_tokens: 5,
        cost_micros: cost,
    }
}

/// A call of `user` at noon UTC on `day`.
fn call(user: UserId, day: Date, prompt: u32, completion: u32, cost: u64) -> UsageRecord {
    UsageRecord {
        prompt_tokens: prompt,
        completion_tokens: completion,
        ..at(user, day.with_hms(12, 0, 0).unwrap().assume_utc(), cost)
    }
}

fn totals(requests: u64, prompt: u64, completion: u64, cost: u64) -> UsageTotals {
    UsageTotals {
        requests,
        prompt_tokens: prompt,
        completion_tokens: completion,
        cost_micros: cost,
    }
}

/// Concurrent records all count; totals add every field, beyond 32-bit sums.
pub async fn concurrent_records_all_count(
    users: Arc<dyn UserRepository>,
    ledger: Arc<dyn UsageLedger>,
) {
    let user = new_user(&users).await;
    let day = date!(2026 - 05 - 01);
    let tasks: Vec<_> = (0..20_u32)
        .map(|i| {
            let ledger = ledger.clone();
            let mut record = call(user, day, 100 + i, 10, 1000);
            record.purpose = Purpose::ALL[usize::try_from(i).unwrap() % Purpose::ALL.len()];
            tokio::spawn(async move { ledger.record(&record).await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(
        ledger.on_day(user, day).await.unwrap(),
        totals(20, 20 * 100 + 190, 200, 20_000)
    );

    let big = date!(2026 - 05 - 02);
    for _ in 0..2 {
        ledger
            .record(&call(user, big, 2_000_000_000, 3, 5_000_000_000_000))
            .await
            .unwrap();
    }
    assert_eq!(
        ledger.on_day(user, big).await.unwrap(),
        totals(2, 4_000_000_000, 6, 10_000_000_000_000)
    );
}

/// A day without calls (or another learner's calls only) totals zero.
pub async fn a_day_without_calls_totals_zero(
    users: Arc<dyn UserRepository>,
    ledger: Arc<dyn UsageLedger>,
) {
    let (user, other) = (new_user(&users).await, new_user(&users).await);
    let day = date!(2026 - 05 - 01);
    assert_eq!(
        ledger.on_day(user, day).await.unwrap(),
        UsageTotals::default()
    );
    ledger.record(&call(other, day, 1, 1, 1)).await.unwrap();
    ledger
        .record(&call(user, date!(2026 - 05 - 02), 1, 1, 1))
        .await
        .unwrap();
    assert_eq!(
        ledger.on_day(user, day).await.unwrap(),
        UsageTotals::default()
    );
    assert!(ledger.days(user, day, day).await.unwrap().is_empty());
}

/// A record counts on the UTC day of its instant, whatever its offset.
pub async fn records_count_on_the_utc_day(
    users: Arc<dyn UserRepository>,
    ledger: Arc<dyn UsageLedger>,
) {
    let user = new_user(&users).await;
    ledger
        .record(&at(user, datetime!(2026-04-01 23:30 -02:00), 7))
        .await
        .unwrap();
    ledger
        .record(&at(user, datetime!(2026-04-02 00:30 +02:00), 11))
        .await
        .unwrap();
    assert_eq!(
        ledger.on_day(user, date!(2026 - 04 - 02)).await.unwrap(),
        totals(1, 10, 5, 7)
    );
    assert_eq!(
        ledger.on_day(user, date!(2026 - 04 - 01)).await.unwrap(),
        totals(1, 10, 5, 11)
    );
    let days: Vec<_> = ledger
        .days(user, date!(2026 - 03 - 31), date!(2026 - 04 - 03))
        .await
        .unwrap()
        .into_iter()
        .map(|d| (d.day, d.totals.cost_micros))
        .collect();
    assert_eq!(
        days,
        [(date!(2026 - 04 - 01), 11), (date!(2026 - 04 - 02), 7)]
    );
}

/// A learner's days within the range (inclusive), oldest first, without empty days and
/// without other learners' calls.
pub async fn days_filter_the_range_oldest_first(
    users: Arc<dyn UserRepository>,
    ledger: Arc<dyn UsageLedger>,
) {
    let (user, other) = (new_user(&users).await, new_user(&users).await);
    let (d0, d1, d2, d3, d4) = (
        date!(2026 - 04 - 30),
        date!(2026 - 05 - 01),
        date!(2026 - 05 - 02),
        date!(2026 - 05 - 03),
        date!(2026 - 05 - 04),
    );
    for r in [
        call(user, d4, 1, 1, 1),
        call(user, d3, 30, 3, 300),
        call(user, d1, 10, 1, 100),
        call(user, d3, 31, 4, 301),
        call(user, d0, 1, 1, 1),
        call(other, d2, 1, 1, 1),
    ] {
        ledger.record(&r).await.unwrap();
    }
    assert_eq!(
        ledger.days(user, d1, d3).await.unwrap(),
        [
            DayUsage {
                user,
                day: d1,
                totals: totals(1, 10, 1, 100)
            },
            DayUsage {
                user,
                day: d3,
                totals: totals(2, 61, 7, 601)
            },
        ]
    );
    assert!(ledger.days(user, d2, d2).await.unwrap().is_empty());
}

/// Every learner's days within the range: newest day first, then highest cost, then user id;
/// at most `limit` rows.
pub async fn all_days_order_by_day_cost_and_user(
    users: Arc<dyn UserRepository>,
    ledger: Arc<dyn UsageLedger>,
) {
    let mut ids = [
        new_user(&users).await,
        new_user(&users).await,
        new_user(&users).await,
    ];
    ids.sort_unstable();
    let [a, b, c] = ids;
    let (d1, d2, d3) = (
        date!(2026 - 05 - 01),
        date!(2026 - 05 - 02),
        date!(2026 - 05 - 03),
    );
    for r in [
        call(b, d1, 1, 1, 300),
        call(a, d1, 1, 1, 100),
        call(b, d2, 1, 1, 50),
        call(a, d2, 2, 1, 20),
        call(c, d2, 1, 1, 70),
        call(a, d2, 3, 1, 30),
        call(c, d3, 1, 1, 10),
    ] {
        ledger.record(&r).await.unwrap();
    }
    let rows = ledger.all_days(d1, d2, 10).await.unwrap();
    assert_eq!(
        rows.iter()
            .map(|r| (r.day, r.user, r.totals.cost_micros))
            .collect::<Vec<_>>(),
        [
            (d2, c, 70),
            (d2, a, 50),
            (d2, b, 50),
            (d1, b, 300),
            (d1, a, 100),
        ]
    );
    assert_eq!(rows[1].totals, totals(2, 5, 2, 50));
    assert_eq!(rows[..3], ledger.all_days(d1, d2, 3).await.unwrap()[..]);
    assert_eq!(ledger.all_days(d3, d3, 10).await.unwrap().len(), 1);
}
