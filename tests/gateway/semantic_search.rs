//! Semantic search over embeddings (pgvector, HNSW, cosine): results agree with an exact
//! brute-force search, come from the index, stay within what row-level security lets the
//! viewer see, and bad vectors or limits are refused.

use crate::common;

use anyhow::{Context as _, Result};
use common::{TestApp, TestUser};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use uuid::Uuid;

const DIMENSIONS: usize = 384;

const SEARCH: &str = "query($embedding: [Float!]!, $limit: Int) {
  searchAiMemories(embedding: $embedding, limit: $limit) { distance node { id content } }
}";

/// A deterministic pseudo-random generator, so a failure can be replayed.
fn generator(seed: u64) -> fastrand::Rng {
    fastrand::Rng::with_seed(seed)
}

/// A vector near `center`: clustered data, like real embeddings, rather than uniform noise.
fn near(rng: &mut fastrand::Rng, center: &[f32], spread: f32) -> Vec<f32> {
    center
        .iter()
        .map(|value| value + (rng.f32() - 0.5) * spread)
        .collect()
}

fn literal(vector: &[f32]) -> String {
    let parts: Vec<String> = vector.iter().map(f32::to_string).collect();
    format!("'[{}]'", parts.join(","))
}

fn cosine_distance(a: &[f32], b: &[f32]) -> f64 {
    let dot: f64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| f64::from(*x) * f64::from(*y))
        .sum();
    let norm = |v: &[f32]| v.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>().sqrt();
    1.0 - dot / (norm(a) * norm(b))
}

/// Stores `vectors` as memories of `owner` (as the table owner) and returns their ids.
async fn store(app: &TestApp, owner: &TestUser, vectors: &[Vec<f32>]) -> Result<Vec<Uuid>> {
    let ids: Vec<Uuid> = vectors.iter().map(|_| Uuid::new_v4()).collect();
    for (chunk, chunk_ids) in vectors.chunks(100).zip(ids.chunks(100)) {
        let rows: Vec<String> = chunk
            .iter()
            .zip(chunk_ids)
            .map(|(vector, id)| {
                format!(
                    "('{id}', '{}', 'memory {id}', {})",
                    owner.id,
                    literal(vector)
                )
            })
            .collect();
        app.db
            .execute_unprepared(&format!(
                "INSERT INTO ai_memories (id, user_id, content, embedding) VALUES {}",
                rows.join(",")
            ))
            .await?;
    }
    Ok(ids)
}

fn as_json(vector: &[f32]) -> Value {
    json!(vector.iter().map(|x| f64::from(*x)).collect::<Vec<_>>())
}

#[tokio::test]
async fn search_agrees_with_brute_force_uses_the_index_and_sees_only_your_memories() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let bob = app.create_user("bob").await?;
    let mut rng = generator(5);
    let centers: Vec<Vec<f32>> = (0..40)
        .map(|_| (0..DIMENSIONS).map(|_| rng.f32() * 2.0 - 1.0).collect())
        .collect();
    let vectors: Vec<Vec<f32>> = (0..3000)
        .map(|i| near(&mut rng, &centers[i % centers.len()], 0.8))
        .collect();
    let ids = store(&app, &ada, &vectors).await?;
    let queries: Vec<Vec<f32>> = (0..20)
        .map(|i| near(&mut rng, &centers[(i * 7) % centers.len()], 0.8))
        .collect();
    // Bob owns exact copies of the queries: the nearest rows of all, if they leaked.
    let bobs = store(&app, &bob, &queries).await?;
    app.db.execute_unprepared("ANALYZE ai_memories").await?;

    let mut found = 0;
    for query in &queries {
        let mut exact: Vec<(f64, Uuid)> = vectors
            .iter()
            .zip(&ids)
            .map(|(vector, id)| (cosine_distance(query, vector), *id))
            .collect();
        exact.sort_by(|a, b| a.0.total_cmp(&b.0));
        let exact_ids: Vec<Uuid> = exact.iter().take(10).map(|(_, id)| *id).collect();

        let data = app
            .query(
                Some(&ada.token),
                SEARCH,
                json!({ "embedding": as_json(query), "limit": 10 }),
            )
            .await?;
        let hits = data["searchAiMemories"]
            .as_array()
            .context("searchAiMemories is a list")?;
        assert_eq!(hits.len(), 10);
        let mut previous = 0.0;
        for hit in hits {
            let id: Uuid = hit["node"]["id"].as_str().context("id")?.parse()?;
            assert!(!bobs.contains(&id), "Bob's memories stay his");
            let distance = hit["distance"].as_f64().context("distance")?;
            let position = ids.iter().position(|known| *known == id).context("ada's")?;
            let expected = cosine_distance(query, &vectors[position]);
            assert!(
                (distance - expected).abs() < 1e-4,
                "{distance} vs {expected}"
            );
            assert!(distance >= previous, "nearest first");
            previous = distance;
            found += usize::from(exact_ids.contains(&id));
        }
    }
    let recall = found as f64 / (queries.len() * 10) as f64;
    assert!(recall >= 0.9, "recall@10 is {recall}");

    // The plan of the search, as Ada: an HNSW index scan, not a sort of every row.
    let tx = app.begin_as("authenticated", Some(ada.id)).await?;
    let plan = tx
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            format!(
                "EXPLAIN SELECT id, embedding <=> {0} AS distance FROM ai_memories \
                 WHERE embedding IS NOT NULL ORDER BY embedding <=> {0} LIMIT 10",
                literal(&queries[0])
            ),
        ))
        .await?;
    let plan: Vec<String> = plan
        .iter()
        .filter_map(|row| row.try_get_by_index::<String>(0).ok())
        .collect();
    tx.rollback().await?;
    assert!(
        plan.iter()
            .any(|line| line.contains("ai_memories_embedding_idx")),
        "{plan:#?}"
    );
    Ok(())
}

#[tokio::test]
async fn saved_memories_are_found_and_bad_queries_are_refused() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let token = Some(ada.token.as_str());
    let mut rng = generator(7);
    let vector: Vec<f32> = (0..DIMENSIONS).map(|_| rng.f32()).collect();

    let saved = app
        .query(
            token,
            "mutation($embedding: [Float!]) {
               saveAiMemory(input: { content: \"likes jazz\", kind: PREFERENCE, embedding: $embedding }) {
                 id kind importance } }",
            json!({ "embedding": as_json(&vector) }),
        )
        .await?;
    assert_eq!(saved["saveAiMemory"]["kind"], "PREFERENCE");
    let data = app
        .query(token, SEARCH, json!({ "embedding": as_json(&vector) }))
        .await?;
    assert_eq!(data["searchAiMemories"][0]["node"]["content"], "likes jazz");
    assert!(
        data["searchAiMemories"][0]["distance"]
            .as_f64()
            .unwrap_or(1.0)
            < 1e-5
    );

    // Nobody else sees it.
    let anonymous = app
        .query(None, SEARCH, json!({ "embedding": as_json(&vector) }))
        .await?;
    assert_eq!(anonymous["searchAiMemories"], json!([]));

    let short = json!({ "embedding": [0.1, 0.2, 0.3] });
    let mut huge = vector.iter().map(|x| f64::from(*x)).collect::<Vec<_>>();
    huge[3] = 1e39;
    for (variables, field) in [
        (short, "embedding"),
        (json!({ "embedding": huge }), "embedding"),
        (
            json!({ "embedding": as_json(&vector), "limit": 0 }),
            "limit",
        ),
        (
            json!({ "embedding": as_json(&vector), "limit": 101 }),
            "limit",
        ),
    ] {
        let (_, body) = app.post_graphql(token, SEARCH, variables).await?;
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{body}"
        );
        assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
    }
    Ok(())
}

#[tokio::test]
async fn bot_training_examples_are_searched_within_your_own_bots() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let bob = app.create_user("bob").await?;
    let mut rng = generator(9);
    let vector: Vec<f32> = (0..DIMENSIONS).map(|_| rng.f32()).collect();
    for owner in [&ada, &bob] {
        let bot = app
            .insert_returning_id(
                "INSERT INTO bots (user_id, name) VALUES ($1, 'helper') RETURNING id",
                [owner.id.into()],
            )
            .await?;
        app.db
            .execute_unprepared(&format!(
                "INSERT INTO bot_training_examples (bot_id, user_id, input, output, embedding) \
                 VALUES ('{bot}', '{}', 'hi from {}', 'hello', {})",
                owner.id,
                owner.username,
                literal(&vector)
            ))
            .await?;
    }
    let data = app
        .query(
            Some(&ada.token),
            "query($embedding: [Float!]!) {
               searchBotTrainingExamples(embedding: $embedding) { distance node { input } } }",
            json!({ "embedding": as_json(&vector) }),
        )
        .await?;
    let inputs: Vec<&Value> = data["searchBotTrainingExamples"]
        .as_array()
        .context("a list")?
        .iter()
        .map(|hit| &hit["node"]["input"])
        .collect();
    assert_eq!(inputs, [&json!("hi from ada")]);
    Ok(())
}
