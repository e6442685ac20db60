//! Streaks: consecutive local calendar days with at least one passed submission.
//!
//! Freeze days: in every calendar week (Monday to Sunday, local) in which the learner passes
//! something on at least [`FREEZE_ACTIVE_DAYS`] days, they earn one freeze, and at most
//! [`MAX_FREEZES`] are banked. A freeze bridges exactly one missed day between two active
//! days, or yesterday while today is still open; a bridged day keeps the streak but does not
//! add to its length. Days are the learner's days (see [`crate::calendar`]), so the result is
//! correct across DST changes and zone changes.

use std::collections::BTreeMap;

use serde::Serialize;
use time::Date;

use crate::calendar::days_between;

/// Active days in one week that earn a freeze.
pub const FREEZE_ACTIVE_DAYS: u32 = 3;
/// Freezes a learner can bank.
pub const MAX_FREEZES: u32 = 1;

/// A learner's streaks on a given day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Streaks {
    /// Active days in the streak that is still alive today (0 when broken).
    pub current: u32,
    /// Active days in the longest streak ever.
    pub longest: u32,
    /// Freezes banked now.
    pub freezes: u32,
    /// Whether today already counts.
    pub today_done: bool,
    /// Days a freeze bridged (in the whole history).
    pub frozen_days: Vec<Date>,
}

/// The Monday starting `day`'s week, as a key.
fn week_of(day: Date) -> i32 {
    let monday_offset = i32::from(day.weekday().number_days_from_monday());
    day.to_julian_day() - monday_offset
}

/// The streaks given the days with a passed submission (any order, duplicates allowed) and
/// today's date, both in the learner's calendar.
#[must_use]
pub fn streaks(active: &[Date], today: Date) -> Streaks {
    let mut days: Vec<Date> = active.to_vec();
    days.sort_unstable();
    days.dedup();
    let mut week_counts: BTreeMap<i32, u32> = BTreeMap::new();
    let mut out = Streaks::default();
    let mut run = 0u32;
    let mut previous: Option<Date> = None;
    for &day in &days {
        run = match previous {
            None => 1,
            Some(prev) => match days_between(prev, day) {
                1 => run + 1,
                2 if out.freezes > 0 => {
                    out.freezes -= 1;
                    if let Some(bridged) = prev.next_day() {
                        out.frozen_days.push(bridged);
                    }
                    run + 1
                }
                _ => 1,
            },
        };
        out.longest = out.longest.max(run);
        let week = week_counts.entry(week_of(day)).or_insert(0);
        *week += 1;
        if *week == FREEZE_ACTIVE_DAYS {
            out.freezes = (out.freezes + 1).min(MAX_FREEZES);
        }
        previous = Some(day);
    }
    if let Some(last) = previous {
        let gap = days_between(last, today);
        out.today_done = gap <= 0;
        out.current = if gap <= 1 || (gap == 2 && out.freezes > 0) {
            run
        } else {
            0
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Zone;
    use proptest::prelude::*;
    use time::{Duration, OffsetDateTime, macros::date};

    fn d(offset: i64) -> Date {
        date!(2026 - 01 - 05) + Duration::days(offset)
    }

    #[test]
    fn consecutive_days_make_a_streak() {
        let s = streaks(&[d(0), d(1), d(2)], d(2));
        assert_eq!((s.current, s.longest, s.today_done), (3, 3, true));
        let s = streaks(&[d(0), d(1), d(2)], d(3));
        assert_eq!((s.current, s.today_done), (3, false));
        let s = streaks(&[d(0), d(1)], d(3));
        assert_eq!((s.current, s.longest), (0, 2));
    }

    #[test]
    fn a_week_of_activity_earns_one_freeze_that_bridges_one_missed_day() {
        // Mon, Tue, Wed active (earns a freeze), Thu missed, Fri active.
        let s = streaks(&[d(0), d(1), d(2), d(4)], d(4));
        assert_eq!((s.current, s.freezes), (4, 0));
        assert_eq!(s.frozen_days, vec![d(3)]);
        // Without the freeze (only two active days), the streak breaks.
        let s = streaks(&[d(0), d(1), d(3)], d(3));
        assert_eq!((s.current, s.longest), (1, 2));
        // Two missed days are never bridged.
        let s = streaks(&[d(0), d(1), d(2), d(5)], d(5));
        assert_eq!(s.current, 1);
    }

    #[test]
    fn a_banked_freeze_keeps_yesterday_open() {
        let s = streaks(&[d(0), d(1), d(2)], d(4));
        assert_eq!((s.current, s.freezes), (3, 1));
        assert_eq!(streaks(&[d(0), d(1), d(2)], d(5)).current, 0);
    }

    #[test]
    fn no_activity_no_streak() {
        assert_eq!(streaks(&[], d(0)), Streaks::default());
    }

    fn zones() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "UTC",
            "Europe/Berlin",
            "America/New_York",
            "America/Los_Angeles",
            "Asia/Tokyo",
            "Australia/Lord_Howe",
            "Pacific/Kiritimati",
            "Pacific/Pago_Pago",
            "Asia/Kolkata",
            "America/St_Johns",
        ])
    }

    proptest! {
        #[test]
        fn streak_invariants_hold_for_any_days(offsets in prop::collection::vec(0i64..120, 0..80), later in 0i64..6) {
            let today = offsets.iter().copied().max().unwrap_or(0) + later;
            let days: Vec<Date> = offsets.iter().map(|&o| d(o)).collect();
            let s = streaks(&days, d(today));
            let mut unique = days.clone();
            unique.sort_unstable();
            unique.dedup();
            prop_assert!(s.longest >= s.current);
            prop_assert!(s.longest as usize <= unique.len());
            prop_assert!(s.freezes <= MAX_FREEZES);
            // Input order and duplicates do not matter.
            let mut reversed = days.clone();
            reversed.reverse();
            reversed.extend(days.iter().take(3));
            prop_assert_eq!(streaks(&reversed, d(today)), s.clone());
            // Practising today never shortens a streak (freezes are used as days pass, so
            // filling an old gap could; only today can be added in real time).
            let mut more = days.clone();
            more.push(d(today));
            let after = streaks(&more, d(today));
            prop_assert!(after.longest >= s.longest);
            prop_assert!(after.current >= s.current.max(1));
            prop_assert!(after.today_done);
        }

        /// A learner who passes something every local day, at a random local time, keeps a
        /// streak of every day, in any zone, across DST changes (the dates span both).
        #[test]
        fn daily_practice_is_one_streak_in_every_zone(zone in zones(), minutes in prop::collection::vec(0i64..1440, 400), start in 0i64..365) {
            let zone = Zone::named(zone).unwrap();
            let first = date!(2025 - 01 - 01) + Duration::days(start);
            let days: Vec<Date> = minutes.iter().enumerate().map(|(i, &m)| {
                let local_day = first + Duration::days(i as i64);
                // The instant when the local wall clock shows that day at minute m; a minute
                // skipped by a DST jump moves to the next hour, still that day.
                let at = instant_on(&zone, local_day, m);
                zone.day_of(at)
            }).collect();
            prop_assert_eq!(days.first().copied(), Some(first));
            let last = *days.last().unwrap();
            let s = streaks(&days, last);
            prop_assert_eq!(s.current, 400);
            prop_assert!(s.frozen_days.is_empty());
        }

        /// The day of a submission depends only on the instant and the zone then; a learner
        /// who moves does not lose their past days.
        #[test]
        fn days_are_fixed_when_the_learner_changes_zone(from in zones(), to in zones(), secs in 1_700_000_000i64..1_900_000_000) {
            let at = OffsetDateTime::from_unix_timestamp(secs).unwrap();
            let before = Zone::named(from).unwrap().day_of(at);
            let after = Zone::named(to).unwrap().day_of(at);
            // Zones span UTC-12 to UTC+14: 26 hours, so at most two dates apart.
            prop_assert!(days_between(before, after).abs() <= 2);
            // Recorded days stay as recorded: the streak on them is computed from the dates.
            let s = streaks(&[before], before);
            prop_assert_eq!(s.current, 1);
        }
    }

    /// The UTC instant when `zone`'s wall clock shows `day` at `minute` past midnight
    /// (compatible disambiguation: a skipped local time is moved forward).
    fn instant_on(zone: &Zone, day: Date, minute: i64) -> OffsetDateTime {
        let tz = jiff::tz::TimeZone::get(zone.name()).unwrap();
        let civil = jiff::civil::date(
            day.year() as i16,
            u8::from(day.month()) as i8,
            day.day() as i8,
        )
        .at((minute / 60) as i8, (minute % 60) as i8, 0, 0);
        let ts = civil.to_zoned(tz).unwrap().timestamp();
        OffsetDateTime::from_unix_timestamp(ts.as_second()).unwrap()
    }
}
