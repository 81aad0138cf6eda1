//! Load benchmark of the gateway: prints req/s, latency percentiles, SQL statements per
//! request and server CPU per request for a flat list and a nested feed.
//!
//! Run with `make bench` (or `cargo bench --bench gateway`). It starts (or reuses) an
//! embedded PostgreSQL under `target/bench-cluster`, loads 1,000 users, 20,000 posts and
//! 100,000 comments once, starts the release server as a separate process, and drives it on
//! loopback with 32 concurrent clients, once with planned reads and once field by field
//! (`SWITCHYARD_PLANNED_READS=false`). `BENCH_SECONDS` sets each scenario's duration
//! (default 10) and `BENCH_CONCURRENCY` the number of clients.

use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::json;
use switchyard::auth::{JwtKeys, Role};
use switchyard::config::{AuthConfig, SeedConfig};
use switchyard::db::embedded::EmbeddedCluster;
use uuid::Uuid;

const PORT: u16 = 4099;
const CLUSTER_PORT: u16 = 54349;
const SECRET: &str = "bench-secret-that-is-long-enough-0123456789";
const CONNECTOR_KEY: &str = "bench-connector-key";

const FLAT: &str =
    "{ posts(first: 20) { edges { cursor node { id body likesCount createdAt } } } }";
const NESTED: &str = "{ posts(first: 50) { edges { node { id body author { username }
    comments(first: 5) { edges { node { content author { username } } } } } } } }";

#[tokio::main]
async fn main() -> Result<()> {
    let seconds: u64 = env_number("BENCH_SECONDS", 10);
    let concurrency: usize = env_number("BENCH_CONCURRENCY", 32);
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-cluster");
    let cluster = EmbeddedCluster::start(&folder, CLUSTER_PORT).await?;
    switchyard::cli::create_database_if_missing(&cluster.url("postgres"), "bench").await?;
    let url = cluster.url("bench");
    let viewer = prepare_data(&url).await?;

    let keys = JwtKeys::new(&AuthConfig {
        jwt_secret: SECRET.into(),
        token_ttl: 3600,
        connector_key: CONNECTOR_KEY.into(),
    });
    let token = keys.mint(Some(viewer), Role::Authenticated, 3600)?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()?;

    println!(
        "reads           scenario                         requests   req/s    p50 ms   p99 ms   max ms  SQL/req  CPU-ms/req"
    );
    // The same server with planned reads on, then off: field-by-field resolution through
    // the dataloader alone, as before planning existed.
    for (reads, planned) in [("planned", "true"), ("field by field", "false")] {
        let mut server = tokio::process::Command::new(env!("CARGO_BIN_EXE_switchyard"))
            .args(["serve", "--listen", &format!("127.0.0.1:{PORT}")])
            .env("DATABASE_URL", &url)
            .env("SWITCHYARD_JWT_SECRET", SECRET)
            .env("SWITCHYARD_CONNECTOR_KEY", CONNECTOR_KEY)
            .env("SWITCHYARD_PLANNED_READS", planned)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .kill_on_drop(true)
            .spawn()?;
        let pid = server.id().context("the server exited at once")?;
        wait_until_up(&client).await?;
        for (name, query) in [
            ("(a) posts(first: 20)", FLAT),
            ("(b) 50 posts>author>5 comments>author", NESTED),
        ] {
            let line = measure(&client, &token, query, concurrency, seconds, pid).await?;
            println!("{reads:<15} {name:<32} {line}");
        }
        server.kill().await?;
        server.wait().await?;
    }
    Ok(())
}

/// Warms up, then drives `query` for `seconds` and formats the figures of the run.
async fn measure(
    client: &reqwest::Client,
    token: &str,
    query: &str,
    concurrency: usize,
    seconds: u64,
    pid: u32,
) -> Result<String> {
    drive(client, token, query, concurrency, Duration::from_secs(2)).await?;
    let statements_before = scrape(client, "switchyard_sql_statements_total").await?;
    let requests_before = scrape(client, "switchyard_graphql_requests_total").await?;
    let cpu_before = cpu_ms(pid)?;
    let run = drive(
        client,
        token,
        query,
        concurrency,
        Duration::from_secs(seconds),
    )
    .await?;
    let cpu = cpu_ms(pid)? - cpu_before;
    let statements = scrape(client, "switchyard_sql_statements_total").await? - statements_before;
    let requests = scrape(client, "switchyard_graphql_requests_total").await? - requests_before;
    if run.errors > 0 {
        bail!("{} requests failed", run.errors);
    }
    let mut latencies = run.latencies;
    latencies.sort_unstable();
    let count = latencies.len();
    let percentile = |p: f64| {
        latencies
            .get(((count as f64 * p) as usize).min(count.saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1e3)
    };
    Ok(format!(
        "{count:>8} {:>7.0} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>11.3}",
        count as f64 / run.elapsed.as_secs_f64(),
        percentile(0.50),
        percentile(0.99),
        latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
        statements / requests.max(1.0),
        cpu / requests.max(1.0),
    ))
}

fn env_number<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// Migrates and seeds the benchmark database once; returns a viewer's user id.
async fn prepare_data(url: &str) -> Result<Uuid> {
    let pool = sea_orm::Database::connect(url).await?;
    switchyard::db::migrate(&pool).await?;
    let count = |sql: &'static str| {
        let pool = pool.clone();
        async move {
            let row = pool
                .query_one_raw(Statement::from_string(DbBackend::Postgres, sql))
                .await?
                .context("no row")?;
            anyhow::Ok(row.try_get_by_index::<i64>(0)?)
        }
    };
    if count("SELECT count(*) FROM posts").await? < 20_000 {
        eprintln!("loading 1,000 users, 20,000 posts and 100,000 comments (once)...");
        switchyard::seed::seed(
            &pool,
            SeedConfig {
                users: 1_000,
                posts: 20_000,
                comments: 100_000,
            },
        )
        .await?;
        pool.execute_unprepared("VACUUM ANALYZE").await?;
    }
    let row = pool
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT id FROM profiles ORDER BY created_at, id LIMIT 1",
        ))
        .await?
        .context("no profile")?;
    Ok(row.try_get_by_index::<Uuid>(0)?)
}

async fn wait_until_up(client: &reqwest::Client) -> Result<()> {
    for _ in 0..100 {
        if client
            .get(format!("http://127.0.0.1:{PORT}/healthz"))
            .send()
            .await
            .is_ok()
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("the server did not come up on port {PORT}")
}

struct Run {
    latencies: Vec<Duration>,
    errors: usize,
    elapsed: Duration,
}

/// `concurrency` clients send `query` back to back for `duration`.
async fn drive(
    client: &reqwest::Client,
    token: &str,
    query: &str,
    concurrency: usize,
    duration: Duration,
) -> Result<Run> {
    let body = Arc::new(serde_json::to_vec(&json!({ "query": query }))?);
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let client = client.clone();
        let body = Arc::clone(&body);
        let auth = format!("Bearer {token}");
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0;
            while Instant::now() < deadline {
                let sent = Instant::now();
                let response = client
                    .post(format!("http://127.0.0.1:{PORT}/graphql"))
                    .header("content-type", "application/json")
                    .header("authorization", &auth)
                    .body(body.as_ref().clone())
                    .send()
                    .await;
                let ok = match response {
                    Ok(response) => {
                        let status = response.status();
                        let text = response.bytes().await.unwrap_or_default();
                        status.is_success() && !text.windows(8).any(|w| w == b"\"errors\"")
                    }
                    Err(_) => false,
                };
                latencies.push(sent.elapsed());
                if !ok {
                    errors += 1;
                }
            }
            (latencies, errors)
        }));
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (mut some, failed) = task.await?;
        latencies.append(&mut some);
        errors += failed;
    }
    Ok(Run {
        latencies,
        errors,
        elapsed: started.elapsed(),
    })
}

/// One counter from the server's `/metrics`.
async fn scrape(client: &reqwest::Client, name: &str) -> Result<f64> {
    let text = client
        .get(format!("http://127.0.0.1:{PORT}/metrics"))
        .send()
        .await?
        .text()
        .await?;
    text.lines()
        .find_map(|line| line.strip_prefix(name)?.trim().parse().ok())
        .with_context(|| format!("{name} missing from /metrics"))
}

/// User + system CPU time of process `pid`, in milliseconds.
fn cpu_ms(pid: u32) -> Result<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .context("unreadable /proc stat")?
        .1
        .split_whitespace()
        .collect();
    // Fields after the command name: state is index 0, utime 11, stime 12 (clock ticks).
    let ticks: f64 = fields.get(11).context("no utime")?.parse::<f64>()?
        + fields.get(12).context("no stime")?.parse::<f64>()?;
    Ok(ticks * 10.0)
}
