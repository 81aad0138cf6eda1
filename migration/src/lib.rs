//! Database migrations for Switchyard, one per domain, written as plain SQL.
//!
//! Each migration is a pair of files under `src/sql/`: `<name>.up.sql` and
//! `<name>.down.sql`, embedded at compile time. Tables, constraints, triggers, grants and
//! row-level-security policies live there, in SQL a reviewer can read; this file only
//! lists them in order. Migrations are append-only once landed: change the schema by
//! adding a new pair of files and a new line in [`Migrator::migrations`].

/// Re-exported so the server can run `Migrator::up(&db, None)` with `MigratorTrait` in scope
/// without depending on `sea-orm-migration` itself.
pub use sea_orm_migration::prelude::*;

/// A migration whose up and down steps are SQL scripts, so every migration is data
/// rather than a copy of the same Rust boilerplate.
struct SqlMigration {
    /// The `mYYYYMMDD_NNNNNN_verb_noun` name recorded in `seaql_migrations`.
    name: &'static str,
    /// The script that applies the migration.
    up: &'static str,
    /// The script that reverts it.
    down: &'static str,
}

impl MigrationName for SqlMigration {
    fn name(&self) -> &str {
        self.name
    }
}

#[async_trait::async_trait]
impl MigrationTrait for SqlMigration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared(self.up).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(self.down)
            .await?;
        Ok(())
    }
}

/// Builds a boxed [`SqlMigration`] from its name, embedding `sql/<name>.up.sql` and
/// `sql/<name>.down.sql` (a missing file is a compile error).
macro_rules! sql_migration {
    ($name:literal) => {
        Box::new(SqlMigration {
            name: $name,
            up: include_str!(concat!("sql/", $name, ".up.sql")),
            down: include_str!(concat!("sql/", $name, ".down.sql")),
        }) as Box<dyn MigrationTrait>
    };
}

/// The migrator the server runs at start-up (and tests run once per template database).
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            sql_migration!("m20261122_000001_create_foundation"),
            sql_migration!("m20261122_000002_create_identity"),
            sql_migration!("m20261122_000003_create_social"),
            sql_migration!("m20261122_000004_create_messaging"),
            sql_migration!("m20261122_000005_create_notifications"),
            sql_migration!("m20261122_000006_create_business_rules"),
            sql_migration!("m20261122_000007_create_collaboration_and_jobs"),
            sql_migration!("m20261122_000008_create_realtime"),
            sql_migration!("m20261122_000009_create_billing"),
            sql_migration!("m20261122_000010_create_ai"),
            sql_migration!("m20261122_000011_create_agents"),
            sql_migration!("m20261122_000012_create_automation"),
            sql_migration!("m20261122_000014_create_content"),
            sql_migration!("m20261122_000015_create_marketplace"),
            sql_migration!("m20261122_000016_create_crypto"),
            sql_migration!("m20261122_000017_create_connectors"),
            sql_migration!("m20261122_000018_create_operations"),
            sql_migration!("m20261122_000019_content_and_market_rules"),
            sql_migration!("m20261122_000020_security_rules"),
            sql_migration!("m20261122_000021_sign_in_success_resets_failures"),
            sql_migration!("m20261122_000022_agent_run_concurrency"),
            sql_migration!("m20261204_000023_hide_secret_columns"),
            sql_migration!("m20261204_000024_policies_read_the_viewer_once"),
            sql_migration!("m20261205_000025_collaboration_document_relay"),
            sql_migration!("m20261205_000026_change_feeds"),
            sql_migration!("m20261205_000027_event_backplane"),
            sql_migration!("m20261205_000028_change_feed_cascades"),
            sql_migration!("m20261205_000029_more_change_feeds"),
            sql_migration!("m20261205_000030_constraint_messages"),
            sql_migration!("m20261206_000031_foreign_key_messages"),
            sql_migration!("m20261207_000032_indexes_end_in_the_tiebreak"),
        ]
    }
}
