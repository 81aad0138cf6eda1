//! The checked-in contract: `schema.graphql` is what the server serves, and the client
//! operations kept in `tests/operations/` are valid against it.
//!
//! `UPDATE_SCHEMA=1 cargo test --test gateway schema_contract` rewrites the file after a deliberate
//! schema change.

use crate::common;

use std::path::Path;

use anyhow::{Context as _, Result};
use common::TestApp;
use serde_json::json;
use switchyard_core::config::Limits;

#[test]
fn schema_graphql_matches_the_served_schema() -> Result<()> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema.graphql");
    let live = format!(
        "{}\n",
        switchyard::graphql::build_schema(Limits::default()).sdl()
    );
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &live)?;
    }
    let checked_in =
        std::fs::read_to_string(&path).context("schema.graphql is missing: run `make schema`")?;
    assert!(
        checked_in == live,
        "schema.graphql differs from the served schema: run `make schema` and review the diff"
    );
    Ok(())
}

#[tokio::test]
async fn client_operations_validate_against_the_schema() -> Result<()> {
    let app = TestApp::spawn().await?;
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("operations");
    let mut checked = 0;
    for entry in std::fs::read_dir(&folder)? {
        let path = entry?.path();
        if path.extension().is_none_or(|ext| ext != "graphql") {
            continue;
        }
        let operation = std::fs::read_to_string(&path)?;
        let (status, body) = app.post_graphql(None, &operation, json!({})).await?;
        let request_errors: Vec<_> = body["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|error| error.get("path").is_none())
            .collect();
        assert!(
            status == 200 && request_errors.is_empty(),
            "{} is invalid: {body}",
            path.display()
        );
        checked += 1;
    }
    assert!(
        checked >= 3,
        "only {checked} operations found in {}",
        folder.display()
    );
    Ok(())
}
