//! Load benchmark of the gateway: prints req/s, latency percentiles, SQL statements per
//! request, and server and PostgreSQL CPU per request for a flat list and a nested feed.
//!
//! Run with `make bench` (or `cargo bench --bench gateway`). It starts (or reuses) the
//! benchmark database (`support`), starts the release server as a separate process, and
//! drives it on loopback with 32 concurrent clients, once with planned reads, once with
//! planned reads traced (OpenTelemetry on, exporting every span to a collector in this
//! process that drops them; the nested read only, for the cost of tracing), and once field
//! by field (`SWITCHYARD_PLANNED_READS=false`). `BENCH_SECONDS` sets each scenario's
//! duration (default 10) and `BENCH_CONCURRENCY` the number of clients.

mod load;
mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use switchyard_core::auth::{JwtKeys, Role};
use switchyard_core::config::AuthConfig;

use load::drive;
use support::{cpu_ms, database_cpu_ms, env_number, scrape};

const PORT: u16 = 4099;
const SECRET: &str = "bench-secret-that-is-long-enough-0123456789";

/// Environment variables of a server.
type Environment<'a> = &'a [(&'a str, &'a str)];
/// A scenario's name and query.
type Scenario = (&'static str, &'static str);

const FLAT: &str =
    "{ posts(first: 20) { edges { cursor node { id body likesCount createdAt } } } }";
const NESTED: &str = "{ posts(first: 50) { edges { node { id body author { username }
    comments(first: 5) { edges { node { content author { username } } } } } } } }";

#[tokio::main]
async fn main() -> Result<()> {
    let seconds: u64 = env_number("BENCH_SECONDS", 10);
    let concurrency: usize = env_number("BENCH_CONCURRENCY", 32);
    let (url, viewer) = load::bench_database().await?;
    let keys = JwtKeys::new(&AuthConfig {
        jwt_secret: SECRET.into(),
        token_ttl: 3600,
        connector_key: String::new(),
    });
    let token = keys.mint(Some(viewer), Role::Authenticated, 3600)?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()?;
    let base = format!("http://127.0.0.1:{PORT}");
    let endpoint = format!("{base}/graphql");

    println!(
        "reads           scenario                         requests   req/s    p50 ms   p99 ms   max ms  SQL/req  CPU-ms/req  DB CPU-ms/req  driver CPU-ms/req"
    );
    let (collector, exports) = trace_sink().await?;
    let flat = ("(a) posts(first: 20)", FLAT);
    let nested = ("(b) 50 posts>author>5 comments>author", NESTED);
    let planned = [("SWITCHYARD_PLANNED_READS", "true")];
    let traced = [
        ("SWITCHYARD_PLANNED_READS", "true"),
        ("OTEL_EXPORTER_OTLP_ENDPOINT", collector.as_str()),
    ];
    let unplanned = [("SWITCHYARD_PLANNED_READS", "false")];
    // The same server with planned reads, with them traced, then without them: field-by-
    // field resolution through the dataloader alone, as before planning existed.
    let runs: [(&str, Environment<'_>, &[Scenario]); 3] = [
        ("planned", &planned, &[flat, nested]),
        ("planned, traced", &traced, &[nested]),
        ("field by field", &unplanned, &[flat, nested]),
    ];
    for (reads, environment, queries) in runs {
        let mut server = support::start_switchyard(&url, PORT, SECRET, environment)?;
        let pid = server.id().context("the server exited at once")?;
        support::wait_until_up(&client, &format!("{base}/healthz")).await?;
        for &(name, query) in queries {
            drive(
                &endpoint,
                Some(&token),
                query,
                concurrency,
                Duration::from_secs(2),
            )
            .await?;
            let statements_before =
                scrape(&client, &base, "switchyard_sql_statements_total").await?;
            let requests_before = scrape(
                &client,
                &base,
                "switchyard_graphql_request_duration_seconds_count",
            )
            .await?;
            let (cpu_before, database_before) = (cpu_ms(pid)?, database_cpu_ms()?);
            let run = drive(
                &endpoint,
                Some(&token),
                query,
                concurrency,
                Duration::from_secs(seconds),
            )
            .await?;
            let cpu = cpu_ms(pid)? - cpu_before;
            let database_cpu = database_cpu_ms()? - database_before;
            let statements = scrape(&client, &base, "switchyard_sql_statements_total").await?
                - statements_before;
            let requests = scrape(
                &client,
                &base,
                "switchyard_graphql_request_duration_seconds_count",
            )
            .await?
                - requests_before;
            if run.errors > 0 {
                bail!("{} requests failed", run.errors);
            }
            println!(
                "{reads:<15} {name:<32} {:>8} {:>7.0} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>11.3} {:>14.3} {:>18.3}",
                run.latencies.len(),
                run.rate(),
                run.percentile_ms(0.50),
                run.percentile_ms(0.99),
                run.percentile_ms(1.0),
                statements / requests.max(1.0),
                cpu / requests.max(1.0),
                database_cpu / requests.max(1.0),
                run.driver_cpu_per_request(),
            );
        }
        server.kill().await?;
        server.wait().await?;
    }
    // That the traced server did export (its spans leave in batches).
    println!(
        "traces: the traced server exported {} batches of spans",
        exports.load(Ordering::Relaxed)
    );
    Ok(())
}

/// An OTLP/HTTP collector on loopback that accepts traces and drops them, counting the
/// exports: where a traced server sends its spans during a benchmark. Its base URL (the
/// value of `OTEL_EXPORTER_OTLP_ENDPOINT`) and the count.
pub async fn trace_sink() -> Result<(String, Arc<AtomicU64>)> {
    let exports = Arc::new(AtomicU64::new(0));
    let counted = Arc::clone(&exports);
    let collector = axum::Router::new().route(
        "/v1/traces",
        axum::routing::post(move || {
            counted.fetch_add(1, Ordering::Relaxed);
            // An empty body is an empty `ExportTraceServiceResponse`: all accepted.
            std::future::ready(axum::http::StatusCode::OK)
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, collector).await });
    Ok((url, exports))
}
