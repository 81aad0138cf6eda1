//! Which tables every viewer of a role sees alike, read from PostgreSQL's own row-level
//! security policies (`pg_policies`) once at startup.
//!
//! A live feed's execution may be shared between viewers only when nothing it reads depends
//! on who reads it ([`crate::http::fanout`]). The policies are the authority on that, so
//! this reads them rather than keeping a list: a `public` table counts as viewer-independent
//! when row-level security is on and every policy that filters its reads (`SELECT` or `ALL`)
//! is permissive with the condition `true`, as the seeds write public profiles. Any other
//! condition (`auth.uid()`, the JWT claims, `current_user`, a function that may read them)
//! makes the table viewer-dependent; a table without such a policy, or without row-level
//! security, is left out too. Column grants and policies' roles differ by role only, and a
//! shared execution never mixes roles.

use std::collections::HashSet;

use sea_orm::{ConnectionTrait as _, DatabaseConnection, DbBackend, DbErr, Statement};

/// `public` tables with row-level security whose every read policy is `USING (true)`.
const VIEWER_INDEPENDENT_SQL: &str = "\
    SELECT c.relname::text AS name FROM pg_class c \
    JOIN pg_namespace n ON n.oid = c.relnamespace \
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relrowsecurity \
      AND EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = 'public' \
          AND p.tablename = c.relname AND p.cmd IN ('SELECT', 'ALL')) \
      AND NOT EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = 'public' \
          AND p.tablename = c.relname AND p.cmd IN ('SELECT', 'ALL') \
          AND (p.permissive <> 'PERMISSIVE' OR p.qual IS DISTINCT FROM 'true'))";

/// The tables whose rows every viewer of a role sees alike.
#[derive(Debug, Default)]
pub struct ViewerIndependent(HashSet<String>);

impl ViewerIndependent {
    /// Reads the classification from the policies `pool`'s database has now.
    pub async fn load(pool: &DatabaseConnection) -> Result<Self, DbErr> {
        let rows = pool
            .query_all_raw(Statement::from_string(
                DbBackend::Postgres,
                VIEWER_INDEPENDENT_SQL,
            ))
            .await?;
        let names = rows
            .iter()
            .map(|row| row.try_get::<String>("", "name"))
            .collect::<Result<_, _>>()?;
        Ok(Self(names))
    }

    /// Whether every viewer of a role reads the same rows of `table`.
    pub fn contains(&self, table: &str) -> bool {
        self.0.contains(table)
    }
}
