//! What the HTTP load benchmarks share: the benchmark database (1,000 users, 20,000 posts
//! and 100,000 comments, loaded once), a load driver of concurrent clients on loopback, and
//! the figures of a run.

use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::json;
use switchyard_core::config::SeedConfig;
use uuid::Uuid;

use crate::support::{bench_cluster, cpu_ms};

/// The benchmark database, migrated and seeded once: its superuser URL and a viewer's id.
pub async fn bench_database() -> Result<(String, Uuid)> {
    let cluster = bench_cluster().await?;
    switchyard::cli::create_database_if_missing(&cluster.url("postgres"), "bench").await?;
    let url = cluster.url("bench");
    let pool = sea_orm::Database::connect(url.as_str()).await?;
    switchyard_core::db::migrate(&pool).await?;
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
    Ok((url, row.try_get_by_index::<Uuid>(0)?))
}

/// What a load run saw.
pub struct Run {
    /// Every request's latency.
    pub latencies: Vec<Duration>,
    /// Requests that failed or answered errors.
    pub errors: usize,
    /// How long the run took.
    pub elapsed: Duration,
    /// The CPU this process (the load driver) used during the run, in milliseconds: it
    /// shares the machine with the servers, so it belongs beside their figures.
    pub driver_cpu_ms: f64,
}

impl Run {
    /// The latency at percentile `p` (0..1), in milliseconds.
    pub fn percentile_ms(&self, p: f64) -> f64 {
        let count = self.latencies.len();
        self.latencies
            .get(((count as f64 * p) as usize).min(count.saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1e3)
    }

    /// Requests per second.
    pub fn rate(&self) -> f64 {
        self.latencies.len() as f64 / self.elapsed.as_secs_f64()
    }

    /// The load driver's CPU per request, in milliseconds.
    pub fn driver_cpu_per_request(&self) -> f64 {
        self.driver_cpu_ms / self.latencies.len().max(1) as f64
    }
}

/// `concurrency` clients POST `query` to `url` back to back for `duration`, with `token`
/// as Bearer when given. Latencies come back sorted.
///
/// Each client is one HTTP/1.1 connection of its own, as wrk's are, and checks each
/// answer only for its status and an `"errors"` key: the driver runs on the machine it
/// measures, and every millisecond it spends is taken from the servers.
pub async fn drive(
    url: &str,
    token: Option<&str>,
    query: &str,
    concurrency: usize,
    duration: Duration,
) -> Result<Run> {
    let url: hyper::Uri = url.parse()?;
    let address = url.authority().context("no host in the URL")?.to_string();
    // Requests name the path only (origin form), as browsers and wrk send them.
    let uri: hyper::Uri = url
        .path_and_query()
        .context("no path in the URL")?
        .as_str()
        .parse()?;
    let body = bytes::Bytes::from(serde_json::to_vec(&json!({ "query": query }))?);
    let cpu_before = cpu_ms(std::process::id())?;
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let client = Client {
            address: address.clone(),
            uri: uri.clone(),
            body: body.clone(),
            auth: token.map(|token| format!("Bearer {token}")),
        };
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0;
            let mut connection = None;
            while Instant::now() < deadline {
                let sent = Instant::now();
                let ok = client.post(&mut connection).await.unwrap_or_else(|_| {
                    connection = None;
                    false
                });
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
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    Ok(Run {
        latencies,
        errors,
        elapsed,
        driver_cpu_ms: cpu_ms(std::process::id())? - cpu_before,
    })
}

/// One load client: what it sends, and where.
struct Client {
    address: String,
    uri: hyper::Uri,
    body: bytes::Bytes,
    auth: Option<String>,
}

type Connection = hyper::client::conn::http1::SendRequest<http_body_util::Full<bytes::Bytes>>;

impl Client {
    /// Sends the request once on `connection` (opened first if there is none): whether it
    /// succeeded without errors.
    async fn post(&self, connection: &mut Option<Connection>) -> Result<bool> {
        let sender = match connection {
            Some(sender) => sender,
            None => connection.insert(self.connect().await?),
        };
        let mut request = hyper::Request::post(self.uri.clone())
            .header(hyper::header::HOST, &self.address)
            .header(hyper::header::CONTENT_TYPE, "application/json");
        if let Some(auth) = &self.auth {
            request = request.header(hyper::header::AUTHORIZATION, auth);
        }
        let response = sender
            .send_request(request.body(http_body_util::Full::new(self.body.clone()))?)
            .await?;
        let status = response.status();
        let body = http_body_util::BodyExt::collect(response.into_body())
            .await?
            .to_bytes();
        Ok(status.is_success() && memchr::memmem::find(&body, b"\"errors\"").is_none())
    }

    async fn connect(&self) -> Result<Connection> {
        let stream = tokio::net::TcpStream::connect(&self.address).await?;
        stream.set_nodelay(true)?;
        let (sender, connection) =
            hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await?;
        tokio::spawn(connection);
        Ok(sender)
    }
}
