//! Database schema migrations for Postgres and SQLite, applied by `mentor migrate` and, in
//! the embedded default, at start-up.
#![forbid(unsafe_code)]

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_accounts;
mod m20261123_000002_audit_events;
mod m20261123_000003_account_security;

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
        ]
    }
}
