//! Load benchmark of the gateway: prints req/s, latency percentiles, SQL statements per
//! request and server CPU per request for a flat list and a nested feed.
//!
//! Run with `make bench` (or `cargo bench --bench gateway`). It starts (or reuses) the
//! benchmark database (`support`), starts the release server as a separate process, and
//! drives it on loopback with 32 concurrent clients, once with planned reads and once field
//! by field (`SWITCHYARD_PLANNED_READS=false`). `BENCH_SECONDS` sets each scenario's duration
//! (default 10) and `BENCH_CONCURRENCY` the number of clients.

mod support;

use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use switchyard::auth::{JwtKeys, Role};
use switchyard::config::AuthConfig;

use support::{cpu_ms, drive, env_number, scrape};

const PORT: u16 = 4099;
const SECRET: &str = "bench-secret-that-is-long-enough-0123456789";

const FLAT: &str =
    "{ posts(first: 20) { edges { cursor node { id body likesCount createdAt } } } }";
const NESTED: &str = "{ posts(first: 50) { edges { node { id body author { username }
    comments(first: 5) { edges { node { content author { username } } } } } } } }";

#[tokio::main]
async fn main() -> Result<()> {
    let seconds: u64 = env_number("BENCH_SECONDS", 10);
    let concurrency: usize = env_number("BENCH_CONCURRENCY", 32);
    let (url, viewer) = support::bench_database().await?;
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
        "reads           scenario                         requests   req/s    p50 ms   p99 ms   max ms  SQL/req  CPU-ms/req"
    );
    // The same server with planned reads on, then off: field-by-field resolution through
    // the dataloader alone, as before planning existed.
    for (reads, planned) in [("planned", "true"), ("field by field", "false")] {
        let mut server = support::start_switchyard(
            &url,
            PORT,
            SECRET,
            &[("SWITCHYARD_PLANNED_READS", planned)],
        )?;
        let pid = server.id().context("the server exited at once")?;
        support::wait_until_up(&client, &format!("{base}/healthz")).await?;
        for (name, query) in [
            ("(a) posts(first: 20)", FLAT),
            ("(b) 50 posts>author>5 comments>author", NESTED),
        ] {
            drive(
                &client,
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
            let cpu_before = cpu_ms(pid)?;
            let run = drive(
                &client,
                &endpoint,
                Some(&token),
                query,
                concurrency,
                Duration::from_secs(seconds),
            )
            .await?;
            let cpu = cpu_ms(pid)? - cpu_before;
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
                "{reads:<15} {name:<32} {:>8} {:>7.0} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>11.3}",
                run.latencies.len(),
                run.rate(),
                run.percentile_ms(0.50),
                run.percentile_ms(0.99),
                run.percentile_ms(1.0),
                statements / requests.max(1.0),
                cpu / requests.max(1.0),
            );
        }
        server.kill().await?;
        server.wait().await?;
    }
    Ok(())
}
