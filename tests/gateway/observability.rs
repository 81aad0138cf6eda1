//! An operator sees inside the gateway: `/metrics` reads as Prometheus reads it and moves
//! with requests and live events, and a request's trace shows its statements but never a
//! password.

use crate::common;

use anyhow::{Context as _, Result};
use common::socket::{Socket, TRANSPORT_WS};
use common::{TestApp, pool_connections, sample};
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider, SpanData};
use prometheus_parse::Scrape;
use serde_json::json;
use switchyard_core::config::Limits;
use switchyard_core::db::policies::REFRESH;
use uuid::Uuid;

use crate::realtime::{MESSAGES, group, say};

/// The series `/metrics` describes from the start; a labelled one (per operation, code,
/// feed, limit) appears with its first sample.
const ALWAYS: [&str; 8] = [
    "switchyard_sql_statements",
    "switchyard_sql_housekeeping_statements",
    "switchyard_sql_statement_duration_seconds",
    "switchyard_db_pool_connections",
    "switchyard_db_pool_waiting",
    "switchyard_planned_root_fields",
    "switchyard_planned_executor_fields",
    "switchyard_realtime_listener_reconnects",
];

#[tokio::test]
async fn an_operator_scrapes_metrics_that_move_with_named_queries_statements_and_errors()
-> Result<()> {
    let app = TestApp::spawn().await?;
    let before = app.scrape().await?;
    for series in ALWAYS {
        assert!(before.docs.contains_key(series), "/metrics lacks {series}");
    }
    let page = [("operation", "PostsPage"), ("operation_type", "query")];
    let requests = "switchyard_graphql_request_duration_seconds_count";
    assert_eq!(sample(&before, requests, &page), None);

    let query = "query PostsPage { posts(first: 1) { edges { cursor } } }";
    app.query(None, query, json!({})).await?;
    app.query(None, query, json!({})).await?;
    let code = app.error_code(None, "{ noSuchField }", json!({})).await?;
    let (status, _) = app
        .post_graphql(Some("not-a-token"), "{ viewer { id } }", json!({}))
        .await?;
    assert_eq!(status, 401);

    let after = app.scrape().await?;
    assert_eq!(sample(&after, requests, &page), Some(2.0));
    let anonymous = [("operation", "__anonymous"), ("operation_type", "query")];
    assert_eq!(
        sample(&after, requests, &anonymous),
        Some(1.0),
        "the bad query ran (and failed); the refused token never did"
    );
    assert_eq!(app.metric(requests).await?, 3, "summed over operations");
    assert_eq!(
        sample(
            &after,
            "switchyard_graphql_errors_total",
            &[("code", &code)]
        ),
        Some(1.0),
        "the bad query's {code}"
    );
    assert_eq!(
        sample(
            &after,
            "switchyard_graphql_errors_total",
            &[("code", "UNAUTHENTICATED")]
        ),
        Some(1.0),
        "a token refused before anything ran"
    );
    let statements = |scrape: &Scrape| {
        sample(scrape, "switchyard_sql_statements_total", &[]).unwrap_or_default()
    };
    assert!(
        statements(&after) >= statements(&before) + 6.0,
        "each page is at least BEGIN, role switch, select and COMMIT"
    );
    let timed = "switchyard_sql_statement_duration_seconds_count";
    assert!(sample(&after, timed, &[]) > sample(&before, timed, &[]));
    // A connection goes back to the pool in the background, so it may still count as in
    // use; either way the pool holds the one it opened.
    let connections = pool_connections(&after, "requests");
    assert!(
        connections >= 1.0,
        "the request pool's connections: {connections}"
    );
    Ok(())
}

#[tokio::test]
async fn an_idle_gateway_counts_its_own_schedule_apart_from_what_requests_cost() -> Result<()> {
    let app = TestApp::spawn().await?;
    let housekeeping = "switchyard_sql_housekeeping_statements_total";
    let (statements, before) = (app.statements(), app.metric(housekeeping).await?);
    // The policies are re-read every `REFRESH`: a statement count taken across a tick must
    // still be what the requests in between cost, here none.
    tokio::time::sleep(REFRESH * 3 + REFRESH / 2).await;
    assert_eq!(app.statements(), statements, "no request or feed ran");
    let ticks = app.metric(housekeeping).await? - before;
    assert!(ticks >= 2, "the policy watch read {ticks} times in 3.5 s");
    Ok(())
}

#[tokio::test]
async fn a_rate_limit_refusal_is_counted_by_whose_allowance_ran_out() -> Result<()> {
    let app = TestApp::spawn_with(Limits {
        limit_loopback: true,
        rate_limit_address: 100,
        rate_limit_user: 0,
        rate_limit_burst_seconds: 1,
        ..Limits::default()
    })
    .await?;
    let page = "{ posts(first: 50) { edges { node { id body } } } }";
    app.query(None, page, json!({})).await?;
    assert_eq!(app.error_code(None, page, json!({})).await?, "RATE_LIMITED");
    let scrape = app.scrape().await?;
    assert_eq!(
        sample(
            &scrape,
            "switchyard_rate_limited_total",
            &[("limit", "address")]
        ),
        Some(1.0)
    );
    Ok(())
}

/// Alice and Bob in a conversation, Bob subscribed to its messages: Alice's id, the
/// conversation's, and Bob's socket.
async fn bob_listens_to_alice(app: &TestApp) -> Result<(Uuid, Uuid, Socket)> {
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    let conversation = group(app, alice.id, &[bob.id]).await?;
    let mut socket = Socket::connect(app.address, TRANSPORT_WS, Some(&bob.token)).await?;
    socket
        .start("1", MESSAGES, json!({ "c": conversation }))
        .await?;
    app.wait_for_subscriptions(1).await?;
    Ok((alice.id, conversation, socket))
}

#[tokio::test]
async fn a_live_message_is_counted_on_its_feed_from_subscribing_to_delivery() -> Result<()> {
    let app = TestApp::spawn().await?;
    let (alice, conversation, mut socket) = bob_listens_to_alice(&app).await?;
    let feed = [("feed", "conversation")];
    let open = sample(
        &app.scrape().await?,
        "switchyard_realtime_subscriptions",
        &feed,
    );
    assert_eq!(
        open,
        Some(1.0),
        "one series per feed, never per conversation"
    );

    say(&app, conversation, alice, "hello").await?;
    assert_eq!(
        socket.next_data("messageEvents").await?["message"]["body"],
        "hello"
    );
    let delivered = [("feed", "conversation"), ("outcome", "delivered")];
    let scrape = app.scrape().await?;
    assert_eq!(
        sample(&scrape, "switchyard_realtime_events_total", &delivered),
        Some(1.0)
    );
    socket.close().await?;
    app.wait_for_subscriptions(0).await?;
    Ok(())
}

/// An in-memory exporter and a provider writing to it as each span ends.
fn in_memory_traces() -> (InMemorySpanExporter, SdkTracerProvider) {
    let exporter = InMemorySpanExporter::default();
    let provider = SdkTracerProvider::builder()
        .with_simple_exporter(exporter.clone())
        .build();
    (exporter, provider)
}

/// The string value of attribute `key` of `span`.
fn attribute(span: &SpanData, key: &str) -> Option<String> {
    span.attributes
        .iter()
        .find(|attribute| attribute.key.as_str() == key)
        .map(|attribute| attribute.value.as_str().into_owned())
}

// A current-thread runtime (the default): the server runs on this thread, under the
// subscriber this test installs for it; the other tests keep the global one.
#[tokio::test]
async fn requests_are_traced_by_plan_step_and_statement_and_never_with_a_password() -> Result<()> {
    let (exporter, provider) = in_memory_traces();
    // Statement spans go to the global provider (see `telemetry::statement_span`); only
    // this test's thread has request spans for them to hang under.
    opentelemetry::global::set_tracer_provider(provider.clone());
    let _traced =
        tracing::subscriber::set_default(switchyard_core::telemetry::test_subscriber(&provider));
    let app = TestApp::spawn().await?;
    let password = "Tr0ub4dor&3-never-in-a-trace";
    app.query(
        None,
        "mutation SignUp($email: String!, $password: String!) {
            signUp(email: $email, password: $password, username: \"ada\") { token } }",
        json!({ "email": "ada@example.com", "password": password }),
    )
    .await?;
    // Written inline this time: the document itself holds the secret.
    app.query(
        None,
        &format!(
            "mutation SignIn {{ signIn(email: \"ada@example.com\", password: \"{password}\") {{ token }} }}"
        ),
        json!({}),
    )
    .await?;
    let bea = app.create_user("bea").await?;
    app.create_post(&bea, "on the wall", "public").await?;
    // A planned read: one step per level, the comments' inside the posts'.
    app.query(
        None,
        "query Wall { posts(first: 5) { edges { node { body
            comments(first: 2) { totalCount edges { node { content } } } } } } }",
        json!({}),
    )
    .await?;
    provider.force_flush()?;
    let spans = exporter.get_finished_spans()?;

    let sign_in = spans
        .iter()
        .find(|span| {
            span.name == "graphql.request"
                && attribute(span, "graphql.operation.name").as_deref() == Some("SignIn")
        })
        .context("no request span for SignIn")?;
    assert_eq!(
        attribute(sign_in, "graphql.operation.type").as_deref(),
        Some("mutation")
    );
    let statements: Vec<String> = spans
        .iter()
        .filter(|span| {
            span.name == "sql"
                && span.parent_span_id == sign_in.span_context.span_id()
                && span.span_context.trace_id() == sign_in.span_context.trace_id()
        })
        .filter_map(|span| attribute(span, "db.query.text"))
        .collect();
    assert!(
        statements
            .iter()
            .any(|sql| sql.contains("SELECT") && sql.contains("$1")),
        "the sign-in reads its account, its values bound: {statements:?}"
    );
    let everything = format!("{spans:?}");
    assert!(!everything.contains(password), "a password reached a trace");
    // The request span is the statements' parent even though SeaORM reports them late:
    // each lies inside it.
    let inside = spans.iter().filter(|span| span.name == "sql").all(|span| {
        span.parent_span_id != sign_in.span_context.span_id()
            || (span.start_time >= sign_in.start_time && span.end_time <= sign_in.end_time)
    });
    assert!(inside, "statement spans lie within their request");

    let wall = spans
        .iter()
        .find(|span| {
            span.name == "graphql.request"
                && attribute(span, "graphql.operation.name").as_deref() == Some("Wall")
        })
        .context("no request span for Wall")?;
    let step = |table: &str| {
        spans
            .iter()
            .find(|span| {
                span.name == "plan.step" && attribute(span, "plan.table").as_deref() == Some(table)
            })
            .with_context(|| format!("no plan step for {table}"))
    };
    let (posts, comments) = (step("posts")?, step("comments")?);
    assert_eq!(posts.parent_span_id, wall.span_context.span_id());
    assert_eq!(comments.parent_span_id, posts.span_context.span_id());
    assert_eq!(
        attribute(comments, "graphql.field").as_deref(),
        Some("comments")
    );
    let comment_statements = spans
        .iter()
        .filter(|span| span.name == "sql" && span.parent_span_id == comments.span_context.span_id())
        .count();
    assert_eq!(comment_statements, 2, "the comments' pages and their count");
    provider.shutdown()?;
    Ok(())
}

// Current-thread runtime, as above.
#[tokio::test]
async fn a_page_reads_the_relations_of_the_rows_it_shows_not_of_the_row_read_past_it() -> Result<()>
{
    let (exporter, provider) = in_memory_traces();
    let _traced =
        tracing::subscriber::set_default(switchyard_core::telemetry::test_subscriber(&provider));
    let app = TestApp::spawn().await?;
    let bea = app.create_user("bea").await?;
    for body in ["first", "second", "third"] {
        app.create_post(&bea, body, "public").await?;
    }
    let page = app
        .query(
            None,
            "{ posts(first: 2) { pageInfo { hasNextPage }
                edges { node { body comments(first: 2) { edges { node { content } } } } } } }",
            json!({}),
        )
        .await?;
    assert_eq!(page["posts"]["pageInfo"]["hasNextPage"], json!(true));
    assert_eq!(page["posts"]["edges"].as_array().map(Vec::len), Some(2));
    provider.force_flush()?;
    let spans = exporter.get_finished_spans()?;
    let comments = spans
        .iter()
        .find(|span| {
            span.name == "plan.step" && attribute(span, "plan.table").as_deref() == Some("comments")
        })
        .context("no plan step for the comments")?;
    // The third post was read only to tell that a next page exists.
    assert_eq!(attribute(comments, "plan.parents").as_deref(), Some("2"));
    provider.shutdown()?;
    Ok(())
}

// Current-thread runtime, as above: the server's listener, which fans events out, runs on
// this thread.
#[tokio::test]
async fn a_live_event_is_traced_as_one_fan_out_to_its_feeds_subscribers() -> Result<()> {
    let (exporter, provider) = in_memory_traces();
    let _traced =
        tracing::subscriber::set_default(switchyard_core::telemetry::test_subscriber(&provider));
    let app = TestApp::spawn().await?;
    let (alice, conversation, mut socket) = bob_listens_to_alice(&app).await?;
    say(&app, conversation, alice, "hello").await?;
    socket.next_data("messageEvents").await?;
    provider.force_flush()?;
    let spans = exporter.get_finished_spans()?;
    let fan_out = spans
        .iter()
        .find(|span| span.name == "realtime.fan_out")
        .context("no fan-out span")?;
    assert_eq!(
        attribute(fan_out, "realtime.feed").as_deref(),
        Some("conversation")
    );
    assert_eq!(
        attribute(fan_out, "realtime.subscribers").as_deref(),
        Some("1")
    );
    socket.close().await?;
    provider.shutdown()?;
    Ok(())
}
