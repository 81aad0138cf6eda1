//! What the HTTP benchmarks share: the benchmark database (an embedded cluster under
//! `target/bench-cluster` with 1,000 users, 20,000 posts and 100,000 comments, loaded once),
//! a load driver of concurrent clients on loopback, and the figures of a run.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::json;
use switchyard::config::SeedConfig;
use switchyard::db::embedded::EmbeddedCluster;
use uuid::Uuid;

const CLUSTER_PORT: u16 = 54349;

/// An environment variable as a number, or `default`.
pub fn env_number<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// The benchmark database, migrated and seeded once: its superuser URL and a viewer's id.
pub async fn bench_database() -> Result<(String, Uuid)> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-cluster");
    let cluster = EmbeddedCluster::start(&folder, CLUSTER_PORT).await?;
    switchyard::cli::create_database_if_missing(&cluster.url("postgres"), "bench").await?;
    let url = cluster.url("bench");
    let pool = sea_orm::Database::connect(url.as_str()).await?;
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
    Ok((url, row.try_get_by_index::<Uuid>(0)?))
}

/// Waits until `url` answers at all.
pub async fn wait_until_up(client: &reqwest::Client, url: &str) -> Result<()> {
    for _ in 0..300 {
        if client.get(url).send().await.is_ok() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("nothing answered at {url}")
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

/// One counter or gauge from a Switchyard server's `/metrics` at `base`, summed over its
/// label sets.
pub async fn scrape(client: &reqwest::Client, base: &str, name: &str) -> Result<f64> {
    let text = client
        .get(format!("{base}/metrics"))
        .send()
        .await?
        .text()
        .await?;
    let values: Vec<f64> = text
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix(name)?;
            let rest = match rest.strip_prefix('{') {
                Some(labelled) => labelled.split_once('}')?.1,
                None => rest,
            };
            rest.strip_prefix(' ')?.trim().parse().ok()
        })
        .collect();
    if values.is_empty() {
        bail!("{name} missing from /metrics");
    }
    Ok(values.iter().sum())
}

/// User + system CPU time of process `pid`, in milliseconds.
pub fn cpu_ms(pid: u32) -> Result<f64> {
    let fields = stat_fields(pid)?;
    // Fields after the command name: state is index 0, utime 11, stime 12 (clock ticks).
    let ticks: f64 = fields.get(11).context("no utime")?.parse::<f64>()?
        + fields.get(12).context("no stime")?.parse::<f64>()?;
    Ok(ticks * 10.0)
}

/// User + system CPU time of the benchmark cluster's PostgreSQL (its postmaster and every
/// process it started: backends, writers), in milliseconds. Backends that exited since are
/// not counted; both servers keep theirs open for the whole run.
pub fn database_cpu_ms() -> Result<f64> {
    let pid_file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-cluster/pgdata/postmaster.pid");
    let postmaster: u32 = std::fs::read_to_string(&pid_file)?
        .lines()
        .next()
        .context("empty postmaster.pid")?
        .trim()
        .parse()?;
    let mut total = cpu_ms(postmaster)?;
    for entry in std::fs::read_dir("/proc")? {
        let Some(pid) = entry?
            .file_name()
            .to_str()
            .and_then(|name| name.parse().ok())
        else {
            continue;
        };
        // A process may exit between listing and reading: it is simply not counted.
        let parent = stat_fields(pid)
            .ok()
            .and_then(|fields| fields.get(1)?.parse::<u32>().ok());
        if parent == Some(postmaster) {
            total += cpu_ms(pid).unwrap_or(0.0);
        }
    }
    Ok(total)
}

/// The fields of `/proc/<pid>/stat` after the command name (state first, parent second).
fn stat_fields(pid: u32) -> Result<Vec<String>> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    Ok(stat
        .rsplit_once(')')
        .context("unreadable /proc stat")?
        .1
        .split_whitespace()
        .map(str::to_owned)
        .collect())
}

/// Starts the release Switchyard server on `port` over `database_url`, with `extra`
/// environment variables.
pub fn start_switchyard(
    database_url: &str,
    port: u16,
    secret: &str,
    extra: &[(&str, &str)],
) -> Result<tokio::process::Child> {
    Ok(
        tokio::process::Command::new(env!("CARGO_BIN_EXE_switchyard"))
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .env("DATABASE_URL", database_url)
            .env("SWITCHYARD_JWT_SECRET", secret)
            .env("SWITCHYARD_CONNECTOR_KEY", "bench-connector-key")
            .env("RUST_LOG", "warn")
            .envs(extra.iter().copied())
            .stdout(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()?,
    )
}
