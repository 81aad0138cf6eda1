//! The `switchyard` binary as an operator runs it: started with `DATABASE_URL` from a folder
//! that holds nothing of the checkout, it serves the GraphiQL files compiled into it (or the
//! folder `SWITCHYARD_PLAYGROUND_DIR` names); on a database that lacks migrations it refuses
//! to serve and says what to run; at an address where nothing listens it says so; a pool
//! slower to open than its wait does not stop it; SIGTERM stops it cleanly, ending live
//! streams with how to resume.

use std::process::Stdio;

use anyhow::{Context as _, Result};
use sea_orm::{ConnectionTrait as _, DbBackend, Statement};
use serde_json::json;
use switchyard_core::auth::{JwtKeys, Role};
use switchyard_core::config::{AuthConfig, TokenPolicy};
use tokio::process::Command;
use uuid::Uuid;

use crate::common::process::{TempFolder, serve_command, start};
use crate::common::socket::{Socket, TRANSPORT_WS};
use crate::common::{DatabaseLease, SECRET, WAIT, pool_connections, scrape};

#[tokio::test]
async fn the_binary_started_from_another_folder_serves_the_embedded_playground() -> Result<()> {
    let database = DatabaseLease::migrated().await?;
    let folder = TempFolder::new()?;
    let (_server, address) = start(serve_command(&database, &folder.0, &[])).await?;
    let client = reqwest::Client::new();

    let page = client.get(format!("http://{address}/")).send().await?;
    assert_eq!(page.status().as_u16(), 200);
    assert!(
        page.headers()["content-type"]
            .to_str()?
            .starts_with("text/html")
    );
    let html = page.text().await?;
    assert!(html.contains("Switchyard GraphiQL"), "{html}");

    let script = client
        .get(format!("http://{address}/vendor/graphiql.min.js"))
        .send()
        .await?;
    assert_eq!(
        script.status().as_u16(),
        200,
        "the vendor files are embedded"
    );
    assert!(
        script.headers()["content-type"]
            .to_str()?
            .contains("javascript")
    );
    assert!(
        script.bytes().await?.len() > 100_000,
        "the whole GraphiQL build"
    );

    let missing = client
        .get(format!("http://{address}/vendor/nothing.js"))
        .send()
        .await?;
    assert_eq!(missing.status().as_u16(), 404);
    Ok(())
}

/// Sends `server` SIGTERM, what `kill`, systemd and `docker stop` send.
async fn sigterm(server: &tokio::process::Child) -> Result<()> {
    let pid = server.id().context("the server exited early")?;
    let kill = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .await?;
    assert!(kill.success());
    Ok(())
}

#[tokio::test]
async fn sigterm_stops_the_server_cleanly() -> Result<()> {
    let database = DatabaseLease::migrated().await?;
    let folder = TempFolder::new()?;
    let (mut server, address) = start(serve_command(&database, &folder.0, &[])).await?;
    assert!(answers_within(&address, WAIT).await);

    // What `kill`, systemd and `docker stop` send: the server shuts down gracefully (and
    // would stop its embedded cluster) instead of dying by the signal.
    sigterm(&server).await?;
    let exit = tokio::time::timeout(WAIT, server.wait()).await??;
    assert!(exit.success(), "the server ended with {exit}");
    assert!(!answers_within(&address, std::time::Duration::from_millis(500)).await);
    Ok(())
}

#[tokio::test]
async fn sigterm_ends_live_streams_telling_clients_how_to_resume() -> Result<()> {
    let database = DatabaseLease::migrated().await?;
    let folder = TempFolder::new()?;
    let mut command = serve_command(&database, &folder.0, &[]);
    command.env("SWITCHYARD_JWT_SECRET", SECRET);
    let (mut server, address) = start(command).await?;
    let auth = AuthConfig {
        jwt_secret: SECRET.into(),
        token_ttl: 3600,
        connector_key: String::new(),
    };
    let token = JwtKeys::with_policy(&auth, &TokenPolicy::default()).mint(
        Some(Uuid::new_v4()),
        Role::Authenticated,
        3600,
    )?;
    let feed = "subscription { notificationEvents { cursor kind } }";

    // A web app following its notifications over SSE, a mobile app over WebSocket: neither
    // stream ends by itself, so without an ending they would hold the server up.
    let sse = reqwest::Client::new()
        .post(format!("http://{address}/graphql"))
        .header("accept", "text/event-stream")
        .bearer_auth(&token)
        .json(&json!({ "query": feed }))
        .send()
        .await?;
    assert_eq!(sse.status().as_u16(), 200);
    let mut socket = Socket::connect(address.parse()?, TRANSPORT_WS, Some(&token)).await?;
    socket.start("feed", feed, json!({})).await?;

    sigterm(&server).await?;

    let events = tokio::time::timeout(WAIT, sse.text())
        .await
        .context("the event stream did not end")??;
    assert!(events.contains(r#""code":"SHUTTING_DOWN""#), "{events}");
    assert!(events.contains("resubscribe with `after`"), "{events}");
    assert!(events.trim_end().ends_with("event: complete"), "{events}");
    let (code, reason) = socket.expect_close().await?;
    assert_eq!(
        code, 1012,
        "Service Restart, which graphql-ws clients retry"
    );
    assert!(reason.contains("resubscribe with `after`"), "{reason}");
    let exit = tokio::time::timeout(WAIT, server.wait()).await??;
    assert!(exit.success(), "the server ended with {exit}");
    Ok(())
}

#[tokio::test]
async fn a_playground_folder_overrides_the_embedded_files() -> Result<()> {
    let database = DatabaseLease::migrated().await?;
    let folder = TempFolder::new()?;
    std::fs::write(
        folder.0.join("index.html"),
        "<title>my own playground</title>",
    )?;
    let mut command = serve_command(&database, &folder.0, &[]);
    command.env("SWITCHYARD_PLAYGROUND_DIR", &folder.0);
    let (_server, address) = start(command).await?;

    let client = reqwest::Client::new();
    let page = client.get(format!("http://{address}/")).send().await?;
    assert_eq!(page.text().await?, "<title>my own playground</title>");
    let script = client
        .get(format!("http://{address}/vendor/graphiql.min.js"))
        .send()
        .await?;
    assert_eq!(script.status().as_u16(), 404, "only the folder is served");
    Ok(())
}

#[tokio::test]
async fn serve_refuses_an_unmigrated_database_until_told_to_migrate() -> Result<()> {
    let database = DatabaseLease::empty().await?;
    let folder = TempFolder::new()?;

    let refused = tokio::time::timeout(WAIT, serve_command(&database, &folder.0, &[]).output())
        .await
        .context("serve did not exit")??;
    assert!(!refused.status.success(), "serve must exit non-zero");
    let stderr = String::from_utf8_lossy(&refused.stderr);
    for needle in [
        "pending migration",
        "m20261122_000001_create_foundation",
        "m20261122_000022_agent_run_concurrency",
        "`switchyard migrate`",
        "`switchyard serve --migrate`",
    ] {
        assert!(stderr.contains(needle), "{needle:?} missing from: {stderr}");
    }

    // The check wrote nothing, not even sea-orm's bookkeeping table.
    let db = sea_orm::Database::connect(database.url.as_str()).await?;
    let row = db
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT to_regclass('seaql_migrations') IS NULL AS untouched",
        ))
        .await?
        .context("no row")?;
    assert!(row.try_get::<bool>("", "untouched")?);
    db.close().await?;

    let (_server, address) = start(serve_command(&database, &folder.0, &["--migrate"])).await?;
    let reply: serde_json::Value = reqwest::Client::new()
        .post(format!("http://{address}/graphql"))
        .json(&serde_json::json!({ "query": "{ platforms(first: 1) { edges { node { id } } } }" }))
        .send()
        .await?
        .json()
        .await?;
    assert!(reply.get("errors").is_none(), "{reply}");
    Ok(())
}

/// A server whose pool takes longer to open than its wait (a large pool, a short wait, a
/// loaded machine) still starts: it checks one connection, serves at once, and fills the
/// rest of its pool behind.
#[tokio::test]
async fn a_pool_slower_to_open_than_its_wait_still_starts_and_fills_behind() -> Result<()> {
    let database = DatabaseLease::migrated().await?;
    let folder = TempFolder::new()?;
    // Each opening is a fork and a password exchange (4,096 rounds of hashing on each side):
    // 24 of them one after another take longer than half a second, one does not.
    let connections = 24;
    let mut command = serve_command(&database, &folder.0, &[]);
    command
        .env("SWITCHYARD_POOL_SIZE", connections.to_string())
        .env("SWITCHYARD_POOL_WAIT_MS", "500");
    let (_server, address) = start(command).await?;
    let client = reqwest::Client::new();
    let reply: serde_json::Value = client
        .post(format!("http://{address}/graphql"))
        .json(&json!({ "query": "{ posts(first: 1) { edges { cursor } } }" }))
        .send()
        .await?
        .json()
        .await?;
    assert!(reply.get("errors").is_none(), "{reply}");

    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let open = pool_connections(
            &scrape(&client, &format!("http://{address}")).await?,
            "requests",
        );
        if open >= f64::from(connections) {
            return Ok(());
        }
        anyhow::ensure!(
            tokio::time::Instant::now() < deadline,
            "the request pool holds {open} of {connections} connections"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// A database address where nothing listens stops the start within the pool's wait, and
/// the operator reads why (the pool alone said only that it timed out).
#[tokio::test]
async fn serve_at_an_address_where_nothing_listens_says_the_connection_was_refused() -> Result<()> {
    let database = DatabaseLease::empty().await?;
    let folder = TempFolder::new()?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let mut command = serve_command(&database, &folder.0, &[]);
    command
        .env(
            "DATABASE_URL",
            format!("postgres://postgres:x@127.0.0.1:{port}/nowhere"),
        )
        .env("SWITCHYARD_POOL_WAIT_MS", "500");

    let refused = tokio::time::timeout(WAIT, command.output())
        .await
        .context("serve did not exit")??;
    assert!(!refused.status.success(), "serve must exit non-zero");
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("Connection refused"), "{stderr}");
    Ok(())
}

/// The soft and hard limits on open files of process `pid`, from `/proc`.
fn open_file_limits(pid: u32) -> Result<(u64, u64)> {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits"))?;
    let line = limits
        .lines()
        .find(|line| line.starts_with("Max open files"))
        .context("no open files line")?;
    let mut numbers = line
        .split_whitespace()
        .filter_map(|word| word.parse::<u64>().ok());
    Ok((
        numbers.next().context("no soft limit")?,
        numbers.next().context("no hard limit")?,
    ))
}

/// `{ __typename }` over a new connection, within `wait`.
async fn answers_within(address: &str, wait: std::time::Duration) -> bool {
    let client = reqwest::Client::new();
    let ask = client
        .post(format!("http://{address}/graphql"))
        .json(&serde_json::json!({ "query": "{ __typename }" }))
        .send();
    matches!(tokio::time::timeout(wait, ask).await, Ok(Ok(response)) if response.status() == 200)
}

#[tokio::test]
async fn serve_raises_its_descriptor_limit_and_accepts_again_after_running_out() -> Result<()> {
    let database = DatabaseLease::migrated().await?;
    let folder = TempFolder::new()?;
    // Started with a soft limit of 256, as an inherited shell limit would have it.
    let server = serve_command(&database, &folder.0, &[]);
    let mut command = Command::new("prlimit");
    command
        .arg("--nofile=256:")
        .arg(server.as_std().get_program())
        .args(server.as_std().get_args())
        .current_dir(&folder.0)
        .envs(
            server
                .as_std()
                .get_envs()
                .filter_map(|(key, value)| Some((key, value?))),
        )
        .env_remove("SWITCHYARD_PLAYGROUND_DIR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let (mut child, address) = start(command).await?;
    let pid = child.id().context("no pid")?;
    let (soft, hard) = open_file_limits(pid)?;
    assert!(
        hard > 256,
        "the machine's hard limit ({hard}) leaves nothing to raise"
    );
    assert_eq!(soft, hard, "serve raises its soft limit to the hard limit");
    assert!(answers_within(&address, WAIT).await);

    // Leave the server a few descriptors, then take them all with idle connections: it
    // cannot accept (EMFILE) and stops answering.
    let open = std::fs::read_dir(format!("/proc/{pid}/fd"))?.count();
    let lowered = tokio::process::Command::new("prlimit")
        .arg(format!("--pid={pid}"))
        .arg(format!("--nofile={0}:{0}", open + 8))
        .status()
        .await?;
    assert!(lowered.success());
    let mut idle = Vec::new();
    for _ in 0..40 {
        idle.push(tokio::net::TcpStream::connect(&address).await?);
    }
    assert!(
        !answers_within(&address, std::time::Duration::from_secs(2)).await,
        "the server should be out of descriptors"
    );

    // Once the idle connections close, the accept loop takes connections again.
    drop(idle);
    assert!(
        answers_within(&address, WAIT).await,
        "the server did not recover"
    );
    assert!(child.try_wait()?.is_none(), "the server exited");
    Ok(())
}
