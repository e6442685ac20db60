//! Calendar days in a learner's own time zone. A submission belongs to the local day on the
//! learner's wall clock at the moment it was made, in the zone they had then; that day never
//! changes afterwards (a later change of zone does not move past days).

use jiff::tz::TimeZone;
use time::{Date, Month, OffsetDateTime};

/// A checked time zone with its IANA name.
#[derive(Debug, Clone)]
pub struct Zone {
    name: String,
    tz: TimeZone,
}

/// The name is not a time zone of the bundled database.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown time zone {0:?}")]
pub struct UnknownZone(pub String);

impl Zone {
    /// The zone named `name` (`Europe/Berlin`, `UTC`).
    ///
    /// # Errors
    /// [`UnknownZone`].
    pub fn named(name: &str) -> Result<Self, UnknownZone> {
        TimeZone::get(name)
            .map(|tz| Self {
                name: name.to_owned(),
                tz,
            })
            .map_err(|_| UnknownZone(name.to_owned()))
    }

    /// UTC.
    #[must_use]
    pub fn utc() -> Self {
        Self {
            name: "UTC".to_owned(),
            tz: TimeZone::UTC,
        }
    }

    /// The IANA name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The calendar day on a wall clock in this zone at `at`.
    #[must_use]
    pub fn day_of(&self, at: OffsetDateTime) -> Date {
        let utc = at.to_offset(time::UtcOffset::UTC);
        let Ok(ts) = jiff::Timestamp::new(utc.unix_timestamp(), 0) else {
            return utc.date();
        };
        let local = ts.to_zoned(self.tz.clone()).date();
        Month::try_from(u8::try_from(local.month()).unwrap_or(1))
            .ok()
            .and_then(|m| {
                Date::from_calendar_date(
                    i32::from(local.year()),
                    m,
                    u8::try_from(local.day()).ok()?,
                )
                .ok()
            })
            .unwrap_or_else(|| utc.date())
    }
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
#[must_use]
pub fn days_between(from: Date, to: Date) -> i64 {
    i64::from(to.to_julian_day()) - i64::from(from.to_julian_day())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn a_day_is_the_learners_wall_clock_day() {
        let at = datetime!(2026-03-01 23:30 UTC);
        assert_eq!(Zone::utc().day_of(at), date!(2026 - 03 - 01));
        let tokyo = Zone::named("Asia/Tokyo").unwrap();
        assert_eq!(tokyo.day_of(at), date!(2026 - 03 - 02));
        let la = Zone::named("America/Los_Angeles").unwrap();
        assert_eq!(
            la.day_of(datetime!(2026-03-02 07:30 UTC)),
            date!(2026 - 03 - 01)
        );
    }

    #[test]
    fn unknown_zones_are_refused() {
        assert!(Zone::named("Mars/Olympus").is_err());
    }
}
