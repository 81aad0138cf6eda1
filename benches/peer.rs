//! Switchyard beside PostGraphile 4.14 on the same database, in one run: the flat, nested
//! and three-level reads of issue #11, anonymous on both (PostGraphile with
//! `--default-role anon`, so the same row-level security decides). Each read runs in
//! rounds, each round one slice per server in turn (the first server alternating), so a
//! stretch where the shared machine runs slower falls on both. Prints req/s, p50, p99, SQL
//! statements, server CPU and PostgreSQL CPU per request over all of a server's slices, and
//! the ratio of the rates with each round's own ratio beside it.
//!
//! Run with `make bench-peer` (or `cargo bench --bench peer`). PostGraphile is installed
//! from npm into `target/bench-peer` the first time. Its statements are counted by a
//! second PostGraphile process reached through a counting proxy (each simple query and
//! each extended-protocol execute is one statement) in a short pass of its own, so the
//! timed runs go straight to PostgreSQL, both servers by the same URL (the embedded
//! cluster's Unix socket); Switchyard's come from its `/metrics`.
//! `BENCH_ROUNDS` sets the rounds (default 4), `BENCH_SECONDS` each slice's duration
//! (default 5, after a 2 s warm-up), `BENCH_CONCURRENCY` the clients.

mod load;
mod support;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::{Context as _, Result, bail, ensure};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use load::{Run, drive};
use support::{cpu_ms, database_cpu_ms, env_number, scrape};

const SWITCHYARD_PORT: u16 = 4098;
const POSTGRAPHILE_PORT: u16 = 5098;
const COUNTED_POSTGRAPHILE_PORT: u16 = 5097;
const PROXY_PORT: u16 = 54350;
const SECRET: &str = "bench-secret-that-is-long-enough-0123456789";
const POSTGRAPHILE: &str = "postgraphile@4.14.1";

/// Each read as Switchyard and PostGraphile spell it (PostGraphile's default inflection:
/// `allPosts`, `profileByAuthorId`, `commentsByPostId`), in the same order.
const READS: [(&str, &str, &str); 3] = [
    (
        "flat posts(first: 20)",
        "{ posts(first: 20) { edges { cursor node { id body likesCount createdAt } } } }",
        "{ allPosts(first: 20, orderBy: CREATED_AT_DESC) { edges { cursor node { id body likesCount createdAt } } } }",
    ),
    (
        "nested 50>author>5 comments>author",
        "{ posts(first: 50) { edges { node { id body author { username }
            comments(first: 5) { edges { node { content author { username } } } } } } } }",
        "{ allPosts(first: 50, orderBy: CREATED_AT_DESC) { edges { node { id body profileByAuthorId { username }
            commentsByPostId(first: 5, orderBy: CREATED_AT_DESC) { edges { node { content profileByUserId { username } } } } } } } }",
    ),
    // Rooted at posts, not profiles: PostGraphile cannot read a root connection of a table
    // with column-level grants (profiles hides its payment ids), Switchyard can.
    (
        "3 levels 10 posts>10 comments>3 replies",
        "{ posts(first: 10) { edges { node { body
            comments(first: 10) { edges { node { content replies(first: 3) { edges { node { content } } } } } } } } } }",
        "{ allPosts(first: 10, orderBy: CREATED_AT_DESC) { edges { node { body
            commentsByPostId(first: 10, orderBy: CREATED_AT_DESC) { edges { node { content commentsByParentCommentId(first: 3, orderBy: CREATED_AT_DESC) { edges { node { content } } } } } } } } } }",
    ),
];

/// One server's slices of one read, added up.
#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    elapsed: Duration,
    driver_cpu: f64,
    /// The server's and PostgreSQL's CPU, in milliseconds.
    cpu: f64,
    database_cpu: f64,
    /// Each slice's rate, in order.
    rates: Vec<f64>,
}

impl Tally {
    fn add(&mut self, slice: Slice) {
        self.rates.push(slice.run.rate());
        self.latencies.extend(slice.run.latencies);
        self.elapsed += slice.run.elapsed;
        self.driver_cpu += slice.run.driver_cpu_ms;
        self.cpu += slice.cpu;
        self.database_cpu += slice.database_cpu;
    }

    /// The slices as one run: latencies over all of them, CPU per request of all of them.
    fn figures(mut self) -> Figures {
        self.latencies.sort_unstable();
        let requests = self.latencies.len().max(1) as f64;
        let run = Run {
            latencies: self.latencies,
            // A slice with a failed request stops the benchmark (`timed`).
            errors: 0,
            elapsed: self.elapsed,
            driver_cpu_ms: self.driver_cpu,
        };
        Figures {
            rate: run.rate(),
            p50: run.percentile_ms(0.50),
            p99: run.percentile_ms(0.99),
            cpu: self.cpu / requests,
            database_cpu: self.database_cpu / requests,
            driver_cpu: run.driver_cpu_per_request(),
        }
    }
}

/// One server's figures for one read.
struct Figures {
    rate: f64,
    p50: f64,
    p99: f64,
    cpu: f64,
    database_cpu: f64,
    driver_cpu: f64,
}

/// One timed slice: what the load saw, and the CPU the server and PostgreSQL used in it.
struct Slice {
    run: Run,
    cpu: f64,
    database_cpu: f64,
}

#[tokio::main]
async fn main() -> Result<()> {
    let rounds: usize = env_number("BENCH_ROUNDS", 4);
    let seconds: u64 = env_number("BENCH_SECONDS", 5);
    let concurrency: usize = env_number("BENCH_CONCURRENCY", 32);
    let (url, _) = load::bench_database().await?;
    let cli = install_postgraphile()?;
    let client = reqwest::Client::new();

    // PostGraphile's statements per request, through the counting proxy.
    let statements = Arc::new(AtomicU64::new(0));
    let upstream = database_address(&url)?;
    // Over TCP: the cluster's socket (the URL's `host` parameter) would bypass the proxy.
    let tcp_url = url.split('?').next().unwrap_or(&url);
    let proxied = tcp_url.replacen(&upstream, &format!("127.0.0.1:{PROXY_PORT}"), 1);
    tokio::spawn(count_statements(
        PROXY_PORT,
        upstream,
        Arc::clone(&statements),
    ));
    let counted = start_postgraphile(&cli, &proxied, COUNTED_POSTGRAPHILE_PORT)?;
    let counted_endpoint = format!("http://127.0.0.1:{COUNTED_POSTGRAPHILE_PORT}/graphql");
    wait_for_graphql(&client, &counted_endpoint).await?;
    let mut peer_statements = Vec::new();
    for (_, _, query) in READS {
        answer(&client, &counted_endpoint, query).await?;
        let before = statements.load(Ordering::Relaxed);
        let requests = 20;
        for _ in 0..requests {
            answer(&client, &counted_endpoint, query).await?;
        }
        let counted = statements.load(Ordering::Relaxed) - before;
        peer_statements.push(counted as f64 / f64::from(requests));
    }
    stop(counted).await?;

    let mut switchyard = support::start_switchyard(&url, SWITCHYARD_PORT, SECRET, &[])?;
    let switchyard_pid = switchyard.id().context("Switchyard exited at once")?;
    let switchyard_base = format!("http://127.0.0.1:{SWITCHYARD_PORT}");
    support::wait_until_up(&client, &format!("{switchyard_base}/healthz")).await?;
    let postgraphile = start_postgraphile(&cli, &url, POSTGRAPHILE_PORT)?;
    let postgraphile_pid = postgraphile.id().context("PostGraphile exited at once")?;
    let postgraphile_endpoint = format!("http://127.0.0.1:{POSTGRAPHILE_PORT}/graphql");
    wait_for_graphql(&client, &postgraphile_endpoint).await?;

    println!(
        "{concurrency} clients, {rounds} rounds of {seconds} s a server, anonymous; PostGraphile {POSTGRAPHILE} --default-role anon"
    );
    println!(
        "read                                server         req/s   p50 ms   p99 ms  SQL/req  CPU-ms/req  DB CPU-ms/req  driver CPU-ms/req"
    );
    for ((name, ours, theirs), peer_statements) in READS.into_iter().zip(peer_statements) {
        let endpoint = format!("{switchyard_base}/graphql");
        check_rows(&client, &endpoint, ours).await?;
        check_rows(&client, &postgraphile_endpoint, theirs).await?;
        let statements_before =
            scrape(&client, &switchyard_base, "switchyard_sql_statements_total").await?;
        let requests_before = scrape(
            &client,
            &switchyard_base,
            "switchyard_graphql_request_duration_seconds_count",
        )
        .await?;
        let (mut mine, mut peer) = (Tally::default(), Tally::default());
        for round in 0..rounds {
            let switchyard_slice = (&endpoint, ours, switchyard_pid, &mut mine);
            let peer_slice = (&postgraphile_endpoint, theirs, postgraphile_pid, &mut peer);
            let order = if round % 2 == 0 {
                [switchyard_slice, peer_slice]
            } else {
                [peer_slice, switchyard_slice]
            };
            for (endpoint, query, pid, tally) in order {
                tally.add(timed(endpoint, query, concurrency, seconds, pid).await?);
            }
        }
        let requests = scrape(
            &client,
            &switchyard_base,
            "switchyard_graphql_request_duration_seconds_count",
        )
        .await?
            - requests_before;
        let statements = (scrape(&client, &switchyard_base, "switchyard_sql_statements_total")
            .await?
            - statements_before)
            / requests.max(1.0);
        let round_ratios: Vec<String> = mine
            .rates
            .iter()
            .zip(&peer.rates)
            .map(|(ours, theirs)| format!("{:.2}x", ours / theirs.max(f64::MIN_POSITIVE)))
            .collect();
        let (mine, peer) = (mine.figures(), peer.figures());
        for (server, figures, statements) in [
            ("Switchyard", &mine, statements),
            ("PostGraphile", &peer, peer_statements),
        ] {
            println!(
                "{name:<35} {server:<12} {:>8.0} {:>8.2} {:>8.2} {:>8.2} {:>11.3} {:>14.3} {:>18.3}",
                figures.rate,
                figures.p50,
                figures.p99,
                statements,
                figures.cpu,
                figures.database_cpu,
                figures.driver_cpu
            );
        }
        println!(
            "{name:<35} ratio        {:>7.2}x  p99 {:.2} of PostGraphile's  rounds {}",
            mine.rate / peer.rate.max(f64::MIN_POSITIVE),
            mine.p99 / peer.p99.max(f64::MIN_POSITIVE),
            round_ratios.join(" ")
        );
    }
    stop(postgraphile).await?;
    switchyard.kill().await?;
    switchyard.wait().await?;
    Ok(())
}

/// A warm-up, then a timed slice of `query` against `endpoint` served by process `pid`.
async fn timed(
    endpoint: &str,
    query: &str,
    concurrency: usize,
    seconds: u64,
    pid: u32,
) -> Result<Slice> {
    drive(endpoint, None, query, concurrency, Duration::from_secs(2)).await?;
    let (cpu_before, database_before) = (cpu_ms(pid)?, database_cpu_ms()?);
    let run = drive(
        endpoint,
        None,
        query,
        concurrency,
        Duration::from_secs(seconds),
    )
    .await?;
    if run.errors > 0 {
        bail!("{} requests to {endpoint} failed", run.errors);
    }
    Ok(Slice {
        run,
        cpu: cpu_ms(pid)? - cpu_before,
        database_cpu: database_cpu_ms()? - database_before,
    })
}

/// Installs PostGraphile into `target/bench-peer` once; the path of its command.
fn install_postgraphile() -> Result<PathBuf> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-peer");
    let cli = folder.join("node_modules/postgraphile/cli.js");
    if !cli.exists() {
        eprintln!(
            "installing {POSTGRAPHILE} into {} (once)...",
            folder.display()
        );
        std::fs::create_dir_all(&folder)?;
        let status = std::process::Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&folder)
            .arg(POSTGRAPHILE)
            .stdout(std::process::Stdio::null())
            .status()
            .context("npm is needed to install PostGraphile")?;
        ensure!(status.success(), "npm install {POSTGRAPHILE} failed");
    }
    Ok(cli)
}

/// Starts PostGraphile on `port` over `database_url`, anonymous requests as `anon`.
fn start_postgraphile(cli: &Path, database_url: &str, port: u16) -> Result<tokio::process::Child> {
    tokio::process::Command::new("node")
        .arg(cli)
        .args(["--connection", database_url, "--schema", "public"])
        .args(["--default-role", "anon", "--host", "127.0.0.1"])
        .args(["--port", &port.to_string()])
        .args(["--disable-graphiql", "--disable-query-log"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .context("node is needed to run PostGraphile")
}

async fn stop(mut child: tokio::process::Child) -> Result<()> {
    child.kill().await?;
    child.wait().await?;
    Ok(())
}

/// Waits until `endpoint` answers a GraphQL query (PostGraphile introspects first).
async fn wait_for_graphql(client: &reqwest::Client, endpoint: &str) -> Result<()> {
    for _ in 0..600 {
        if answer(client, endpoint, "{ __typename }").await.is_ok() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("no GraphQL answer at {endpoint}")
}

/// `query`'s data, or why there is none.
async fn answer(client: &reqwest::Client, endpoint: &str, query: &str) -> Result<Value> {
    let body: Value = client
        .post(endpoint)
        .json(&json!({ "query": query }))
        .send()
        .await?
        .json()
        .await?;
    ensure!(body.get("errors").is_none(), "{endpoint}: {body}");
    body.get("data").cloned().context("no data")
}

/// Both servers must answer each read with rows, or the comparison means nothing.
async fn check_rows(client: &reqwest::Client, endpoint: &str, query: &str) -> Result<()> {
    let data = answer(client, endpoint, query).await?;
    let edges = data
        .as_object()
        .and_then(|roots| roots.values().next())
        .and_then(|root| root["edges"].as_array());
    ensure!(
        edges.is_some_and(|edges| !edges.is_empty()),
        "{endpoint} answered no rows: {data}"
    );
    Ok(())
}

/// `host:port` of a `postgres://user:password@host:port/database` URL.
fn database_address(url: &str) -> Result<String> {
    let after_credentials = url
        .rsplit_once('@')
        .context("no host in the database URL")?
        .1;
    Ok(after_credentials
        .split('/')
        .next()
        .context("no host in the database URL")?
        .to_owned())
}

/// A TCP proxy on `port` to PostgreSQL at `upstream` that counts the statements clients
/// send: each simple query (`Q`) and each extended-protocol execute (`E`).
async fn count_statements(port: u16, upstream: String, statements: Arc<AtomicU64>) -> Result<()> {
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    loop {
        let (client, _) = listener.accept().await?;
        let server = TcpStream::connect(&upstream).await?;
        let statements = Arc::clone(&statements);
        tokio::spawn(async move {
            let (mut client_read, mut client_write) = client.into_split();
            let (mut server_read, mut server_write) = server.into_split();
            let replies =
                tokio::spawn(
                    async move { tokio::io::copy(&mut server_read, &mut client_write).await },
                );
            let _ = forward_counting(&mut client_read, &mut server_write, &statements).await;
            replies.abort();
        });
    }
}

/// Copies the client's messages to the server, counting statements on the way.
async fn forward_counting(
    from: &mut (impl AsyncReadExt + Unpin),
    to: &mut (impl AsyncWriteExt + Unpin),
    statements: &AtomicU64,
) -> Result<()> {
    // The startup message has no type byte: a length (itself included) and a body.
    let length = from.read_u32().await?;
    let mut body = vec![0; usize::try_from(length)?.saturating_sub(4)];
    from.read_exact(&mut body).await?;
    to.write_u32(length).await?;
    to.write_all(&body).await?;
    loop {
        let kind = from.read_u8().await?;
        let length = from.read_u32().await?;
        let mut body = vec![0; usize::try_from(length)?.saturating_sub(4)];
        from.read_exact(&mut body).await?;
        if matches!(kind, b'Q' | b'E') {
            statements.fetch_add(1, Ordering::Relaxed);
        }
        to.write_u8(kind).await?;
        to.write_u32(length).await?;
        to.write_all(&body).await?;
    }
}
