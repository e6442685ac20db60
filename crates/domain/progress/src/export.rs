//! The history as CSV (one row per history entry, newest first). Every field is produced by
//! Mentor (ids, names from fixed lists, numbers, dates), so nothing a learner typed reaches a
//! spreadsheet cell.

use std::fmt::Write as _;

use time::format_description::well_known::Rfc3339;

use crate::model::AttemptRecord;

/// The header row.
pub const CSV_HEADER: &str = "id,kind,exercise,language,difficulty,topics,passed,first_solve,attempts,hints_used,time_spent_secs,day,at,rating_change";

/// The history as CSV with a header row, lines ending in CRLF (RFC 4180).
#[must_use]
pub fn history_csv(history: &[AttemptRecord]) -> String {
    let mut out = String::with_capacity(64 + history.len() * 160);
    out.push_str(CSV_HEADER);
    out.push_str("\r\n");
    for a in history {
        let topics: Vec<&str> = a.topics.iter().map(|t| t.as_str()).collect();
        let at = a.at.format(&Rfc3339).unwrap_or_default();
        let _ = write!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{:.1}\r\n",
            a.id,
            a.kind.as_str(),
            a.exercise,
            a.language.as_str(),
            a.difficulty.get(),
            topics.join(";"),
            a.passed,
            a.first_solve,
            a.attempts,
            a.hints_used,
            a.time_spent.as_secs(),
            a.day,
            at,
            a.learner_delta,
        );
    }
    out
}
