//! The demo data `serve --demo` loads: signed in as the demo user (as GraphiQL is), every
//! query of the API tour kept in `tests/operations/tour_*.graphql` finds rows at every level,
//! and similarity search over the demo memories returns neighbours on the same topic.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context as _, Result};
use serde_json::{Value, json};
use switchyard_core::auth::Role;

use crate::common::TestApp;

/// Records, for each field path of `value` (list indices left out), whether some occurrence
/// of it holds a value: not null, and not an empty list.
fn record_filled(value: &Value, path: &str, filled: &mut BTreeMap<String, bool>) {
    match value {
        Value::Null => {
            filled.entry(path.to_owned()).or_insert(false);
        }
        Value::Array(items) => {
            *filled.entry(path.to_owned()).or_insert(false) |= !items.is_empty();
            for item in items {
                record_filled(item, path, filled);
            }
        }
        Value::Object(fields) => {
            for (name, field) in fields {
                record_filled(field, &format!("{path}.{name}"), filled);
            }
        }
        _ => {
            filled.insert(path.to_owned(), true);
        }
    }
}

#[tokio::test]
async fn every_tour_query_finds_demo_data_at_every_level() -> Result<()> {
    let app = TestApp::spawn().await?;
    let demo = switchyard::seed::seed_once(&app.db).await?;
    let runs = "SELECT count(*) FROM agent_runs";
    let loaded = app.count(runs, []).await?;
    assert_eq!(
        switchyard::seed::seed_once(&app.db).await?,
        demo,
        "the same demo user"
    );
    assert_eq!(app.count(runs, []).await?, loaded, "loaded once");

    let token = app.token(Some(demo), Role::Authenticated)?;
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/operations");
    let mut tours = 0;
    for entry in std::fs::read_dir(&folder)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("");
        if !(name.starts_with("tour_") && name.ends_with(".graphql")) {
            continue;
        }
        let data = app
            .query(Some(&token), &std::fs::read_to_string(&path)?, json!({}))
            .await
            .with_context(|| name.to_owned())?;
        let mut filled = BTreeMap::new();
        record_filled(&data, "", &mut filled);
        let empty: Vec<_> = filled
            .iter()
            .filter(|(_, filled)| !**filled)
            .map(|(path, _)| path.as_str())
            .collect();
        assert!(empty.is_empty(), "{name}: nothing at {empty:?} in {data}");
        tours += 1;
    }
    assert!(
        tours >= 7,
        "only {tours} tour queries in {}",
        folder.display()
    );
    Ok(())
}

#[tokio::test]
async fn the_nearest_demo_memories_share_a_topic() -> Result<()> {
    let app = TestApp::spawn().await?;
    let demo = switchyard::seed::seed_once(&app.db).await?;
    let embedding: String = app
        .value(
            "SELECT embedding::text FROM ai_memories WHERE content LIKE 'Prefers a dark editor%'",
            [],
        )
        .await?;
    let embedding: Vec<f64> = serde_json::from_str(&embedding)?;

    let data = app
        .query(
            Some(&app.token(Some(demo), Role::Authenticated)?),
            "query ($embedding: [Float!]!) {
               searchAiMemories(embedding: $embedding, limit: 3) { distance node { content } }
             }",
            json!({ "embedding": embedding }),
        )
        .await?;
    let contents: Vec<&str> = data["searchAiMemories"]
        .as_array()
        .context("no matches")?
        .iter()
        .filter_map(|hit| hit["node"]["content"].as_str())
        .collect();
    assert_eq!(contents.len(), 3, "{data}");
    assert!(contents[0].starts_with("Prefers a dark editor"), "{data}");
    assert!(
        contents.iter().all(|content| content.contains("ditor")),
        "the neighbours are about editors too: {data}"
    );
    Ok(())
}
