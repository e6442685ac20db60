//! Database schema migrations for Postgres and SQLite, applied by `mentor migrate` and, in
//! the embedded default, at start-up.
#![forbid(unsafe_code)]

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_accounts;
mod m20261123_000002_audit_events;
mod m20261123_000003_account_security;
mod m20261123_000004_exercises;
mod m20261123_000005_submissions;
mod m20261123_000006_submission_passed;
mod m20261123_000007_progress;
mod m20261123_000008_submission_published;
mod m20261123_000009_chat_and_usage;
mod m20261123_000010_generated_exercises;
mod m20261123_000011_help_levels;

/// The source of every migration, so tooling can tell when the schema code changed (the test
/// harness names its migrated template database after this).
pub const SOURCES: &[&str] = &[
    include_str!("m20261123_000001_accounts.rs"),
    include_str!("m20261123_000002_audit_events.rs"),
    include_str!("m20261123_000003_account_security.rs"),
    include_str!("m20261123_000004_exercises.rs"),
    include_str!("m20261123_000005_submissions.rs"),
    include_str!("m20261123_000006_submission_passed.rs"),
    include_str!("m20261123_000007_progress.rs"),
    include_str!("m20261123_000008_submission_published.rs"),
    include_str!("m20261123_000009_chat_and_usage.rs"),
    include_str!("m20261123_000010_generated_exercises.rs"),
    include_str!("m20261123_000011_help_levels.rs"),
];

/// Every migration, in order.
#[derive(Debug)]
pub struct Migrator;

#[sea_orm_migration::async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_accounts::Migration),
            Box::new(m20261123_000002_audit_events::Migration),
            Box::new(m20261123_000003_account_security::Migration),
            Box::new(m20261123_000004_exercises::Migration),
            Box::new(m20261123_000005_submissions::Migration),
            Box::new(m20261123_000006_submission_passed::Migration),
            Box::new(m20261123_000007_progress::Migration),
            Box::new(m20261123_000008_submission_published::Migration),
            Box::new(m20261123_000009_chat_and_usage::Migration),
            Box::new(m20261123_000010_generated_exercises::Migration),
            Box::new(m20261123_000011_help_levels::Migration),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::{Migrator, MigratorTrait as _, SOURCES};

    #[test]
    fn every_migration_has_its_source_listed() {
        assert_eq!(Migrator::migrations().len(), SOURCES.len());
    }
}
