//! Every table of the catalog (all of CATALOG.md's sections) is migrated and reachable
//! through GraphQL as a type, a by-id field and a connection, and no field anywhere exposes
//! a credential.

use crate::common;

use anyhow::{Context as _, Result};
use common::TestApp;
use serde_json::{Value, json};

/// The catalog's tables that the migrations created.
const SECTION_TABLES: &str = "
    SELECT c.relname AS name
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r'
      AND obj_description(c.oid) IS NOT NULL
      AND c.relname = ANY($1)
    ORDER BY 1";

/// Every table of the catalog (CATALOG.md), all sections.
const CATALOG: [&str; 94] = [
    "account_statuses",
    "agent_artifacts",
    "agent_memory",
    "agent_messages",
    "agent_runs",
    "agent_steps",
    "ai_clones",
    "ai_memories",
    "ai_models",
    "ai_providers",
    "ai_sessions",
    "ai_suggestion_applications",
    "ai_suggestions",
    "ai_tasks",
    "ai_usage",
    "api_keys",
    "audit_logs",
    "automation_runs",
    "automation_steps",
    "automations",
    "bot_sessions",
    "bot_training_examples",
    "bots",
    "cache_entries",
    "collaboration_edits",
    "collaboration_invites",
    "collaboration_participants",
    "collaboration_sessions",
    "comments",
    "connector_credentials",
    "connector_definitions",
    "connector_usage_logs",
    "content_categories",
    "content_clicks",
    "content_items",
    "content_media",
    "content_revisions",
    "content_tags",
    "content_types",
    "conversation_members",
    "conversations",
    "creations",
    "credit_balances",
    "credit_pricing",
    "credit_transactions",
    "crypto_transactions",
    "engine_metrics",
    "featured_creators",
    "follows",
    "gaming_sessions",
    "job_logs",
    "job_types",
    "jobs",
    "likes",
    "luminor_conversations",
    "luminor_messages",
    "luminor_relationships",
    "luminors",
    "marketplace_items",
    "marketplace_purchases",
    "marketplace_reviews",
    "media_assets",
    "messages",
    "notifications",
    "optimization_events",
    "payments",
    "platform_connections",
    "platforms",
    "posts",
    "profiles",
    "scheduled_task_runs",
    "scheduled_tasks",
    "search_engines",
    "security_events",
    "seo_connections",
    "seo_submissions",
    "seo_usage",
    "social_accounts",
    "stripe_webhook_events",
    "subscription_tiers",
    "subscriptions",
    "themes",
    "trending_content",
    "trending_keywords",
    "usage_records",
    "user_ai_settings",
    "user_roles",
    "user_settings",
    "user_widgets",
    "users",
    "wallets",
    "wide_research_jobs",
    "wide_research_subtasks",
    "wide_research_templates",
];

const INTROSPECTION: &str = "{ __schema { queryType { fields { name type { name kind ofType { name } } } } types { name kind fields { name } } } }";

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[tokio::test]
async fn every_table_of_the_catalog_has_a_type_a_by_id_field_and_a_connection() -> Result<()> {
    let app = TestApp::spawn().await?;
    let rows = sea_orm::ConnectionTrait::query_all_raw(
        &app.db,
        sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            SECTION_TABLES,
            [CATALOG.map(str::to_owned).to_vec().into()],
        ),
    )
    .await?;
    let tables: Vec<String> = rows
        .iter()
        .map(|row| row.try_get::<String>("", "name"))
        .collect::<Result<_, _>>()?;
    assert_eq!(tables.len(), CATALOG.len(), "migrated tables: {tables:?}");

    let schema = app.query(None, INTROSPECTION, json!({})).await?;
    let fields = schema["__schema"]["queryType"]["fields"]
        .as_array()
        .context("no query fields")?;
    let field = |name: &str| fields.iter().find(|field| field["name"] == name);
    for table in &tables {
        let list = field(&camel(table)).with_context(|| format!("no connection for {table}"))?;
        let connection = list["type"]["ofType"]["name"]
            .as_str()
            .or(list["type"]["name"].as_str())
            .unwrap_or_default()
            .to_owned();
        let node = connection
            .strip_suffix("Connection")
            .with_context(|| format!("{table}: `{connection}` is not a connection"))?;
        let by_id = fields.iter().any(|field| {
            field["type"]["name"] == node
                && field["name"] != camel(table)
                && field["name"].as_str().is_some_and(|name| name != "viewer")
        });
        assert!(by_id, "{table}: no by-id field returning {node}");
    }
    Ok(())
}

#[tokio::test]
async fn no_field_anywhere_exposes_a_credential() -> Result<()> {
    let app = TestApp::spawn().await?;
    let schema = app.query(None, INTROSPECTION, json!({})).await?;
    let forbidden = ["hash", "token", "secret", "encrypted", "password"];
    // Not credentials read back from storage: the session token signUp/signIn just issued,
    // the invitation and share tokens a collaboration owner hands out on purpose (visible to
    // that owner only), a public on-chain transaction hash, model token counts, and the
    // checksum of an agent's artifact file.
    let allowed = [
        ("AuthPayload", "token"),
        ("CollaborationInvite", "token"),
        ("CollaborationSession", "shareToken"),
        ("CryptoTransaction", "txHash"),
        ("AiUsage", "promptTokens"),
        ("AiUsage", "completionTokens"),
        ("LuminorMessage", "tokens"),
        ("AgentArtifact", "contentHash"),
    ];
    let mut offenders = Vec::new();
    for ty in schema["__schema"]["types"].as_array().into_iter().flatten() {
        let type_name = ty["name"].as_str().unwrap_or_default();
        if type_name.starts_with("__") {
            continue;
        }
        // An aggregate of a column (`AiUsageAggregateSum.promptTokens`) is judged as the
        // column itself.
        let type_name = [
            "AggregateSum",
            "AggregateAvg",
            "AggregateMin",
            "AggregateMax",
        ]
        .iter()
        .find_map(|suffix| type_name.strip_suffix(suffix))
        .unwrap_or(type_name);
        for field in ty["fields"].as_array().into_iter().flatten() {
            let name = field["name"].as_str().unwrap_or_default();
            let lower = name.to_lowercase();
            let suspicious = forbidden.iter().any(|word| lower.contains(word))
                && !lower.contains("vaultsecretname")
                && !allowed.contains(&(type_name, name));
            if suspicious {
                offenders.push(format!("{type_name}.{name}"));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "fields exposing secrets: {offenders:?}"
    );
    Ok(())
}

fn total(data: &Value, field: &str) -> usize {
    common::nodes(&data[field]).len()
}

#[tokio::test]
async fn owners_see_their_rows_and_nobody_else_does() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let bob = app.create_user("bob").await?;
    let wallet = "0x".to_owned() + &"ab".repeat(20);
    app.exec(
        "INSERT INTO wallets (user_id, chain, address) VALUES ($1, 'ethereum', $2)",
        [ada.id.into(), wallet.into()],
    )
    .await?;
    app.exec(
        "INSERT INTO gaming_sessions (user_id, game) VALUES ($1, 'chess')",
        [ada.id.into()],
    )
    .await?;
    app.exec(
        "INSERT INTO user_widgets (user_id, widget_type) VALUES ($1, 'clock')",
        [ada.id.into()],
    )
    .await?;
    app.exec(
        "INSERT INTO cache_entries (key, value, expires_at) VALUES ('k', '1', now() + interval '1 hour')",
        [],
    )
    .await?;
    app.exec(
        "INSERT INTO engine_metrics (engine, metric, value) VALUES ('bots', 'latency_ms', 12.5)",
        [],
    )
    .await?;
    let query = "{ wallets { edges { node { id address } } } gamingSessions { edges { node { id } } }
                   userWidgets { edges { node { id } } } cacheEntries { edges { node { id } } }
                   engineMetrics { edges { node { id } } } platforms { edges { node { slug } } }
                   connectorDefinitions { edges { node { slug } } } searchEngines { edges { node { slug } } }
                   accountStatuses { edges { node { slug } } } contentCategories(first: 50) { edges { node { slug } } } }";
    let mine = app.query(Some(&ada.token), query, json!({})).await?;
    for field in ["wallets", "gamingSessions", "userWidgets"] {
        assert_eq!(total(&mine, field), 1, "{field}");
    }
    // Service-only and admin-only tables: nobody but the service role reads them.
    assert_eq!(total(&mine, "cacheEntries"), 0);
    assert_eq!(total(&mine, "engineMetrics"), 0);
    // Lookups seeded by migration are public.
    assert_eq!(total(&mine, "platforms"), 5);
    assert_eq!(total(&mine, "accountStatuses"), 4);
    assert_eq!(total(&mine, "contentCategories"), 15);
    assert_eq!(total(&mine, "searchEngines"), 4);
    assert_eq!(total(&mine, "connectorDefinitions"), 9);

    for token in [Some(bob.token.as_str()), None] {
        let theirs = app.query(token, query, json!({})).await?;
        for field in [
            "wallets",
            "gamingSessions",
            "userWidgets",
            "cacheEntries",
            "engineMetrics",
        ] {
            assert_eq!(total(&theirs, field), 0, "{field} leaked");
        }
        assert_eq!(total(&theirs, "platforms"), 5);
    }
    let service = app.token(None, switchyard_core::auth::Role::ServiceRole)?;
    let all = app.query(Some(&service), query, json!({})).await?;
    assert_eq!(total(&all, "cacheEntries"), 1);
    assert_eq!(total(&all, "engineMetrics"), 1);
    Ok(())
}
