//! Realtime benchmark: K WebSocket subscriptions to one conversation (or one collaboration
//! session's document, or the subscriber's own notifications), events fired through raw
//! SQL inserts at a set rate, against the release server as a separate process.
//!
//! Prints delivered/expected frames, deliveries per second, commit → client-frame latency
//! (p50, p99, max; the commit timestamp travels in the event), SQL statements per event
//! (from the server's `/metrics`), the server's CPU per delivery and PostgreSQL's per event,
//! and the server's RSS per open subscription (VmRSS before and after opening them). Run
//! with `make bench-realtime` (K = 1, 1,000, 5,000 and 10,000, each payload) or
//! `BENCH_SUBSCRIBERS=1000 cargo bench --bench realtime`. `BENCH_RATE` sets events per
//! second (default 10), `BENCH_SECONDS` how long they are fired (default 10), and
//! `BENCH_PER_SOCKET` how many subscriptions share a socket (default 1, so the RSS figure
//! is a subscription's and its socket's; more tells the two apart, and raises the server's
//! per-socket cap to match).
//!
//! `BENCH_PAYLOAD` picks what is followed: `plain` (default) a message's body alone;
//! `sender` its sender too (a row of another table, read under row-level security);
//! `document` a document's `collaborationEdits`, each event an edit with its editor's
//! profile (each subscriber first gets a snapshot of its own, not counted);
//! `notifications` the subscriber's own `notificationEvents`, each event a notification
//! inserted for them (the feed issue #12's idle memory per subscription was first measured
//! on). All subscribers are one user, so the server runs their identical subscriptions as
//! one shared execution; the figures say whether it did (`shared`) or served each alone.
//! The database is an embedded cluster under `target/bench-cluster` (port 54349).

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context as _, Result, bail};
use futures_util::{SinkExt as _, StreamExt as _};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use switchyard_core::auth::{JwtKeys, Role};
use switchyard_core::config::AuthConfig;
use tokio::sync::Mutex;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use uuid::Uuid;

use support::{
    bench_cluster, cpu_ms, database_cpu_ms, env_number, scrape, start_switchyard, wait_until_up,
};

const PORT: u16 = 4098;
const BASE: &str = "http://127.0.0.1:4098";
const SECRET: &str = "bench-secret-that-is-long-enough-0123456789";
/// The plain payload: the message's own row.
const PLAIN: &str =
    "subscription($c: UUID!) { messageEvents(conversationId: $c) { message { body } } }";
/// With a relation: the sender's profile, read per event.
const WITH_SENDER: &str = "subscription($c: UUID!) { \
    messageEvents(conversationId: $c) { kind message { body sender { username } } } }";
/// A document's edits with their editor's profile, read per event.
const DOCUMENT: &str = "subscription($c: UUID!) { \
    collaborationEdits(sessionId: $c) { kind update edit { operation user { username } } } }";
/// The subscriber's own notifications, the feed whose idle memory issue #12 holds the others
/// to; it takes no topic, so the conversation variable goes unused.
const NOTIFICATIONS: &str = "subscription { notificationEvents { kind notification { title } } }";

/// What the subscribers follow, and how each event is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Payload {
    Plain,
    Sender,
    Document,
    Notifications,
}

impl Payload {
    /// `BENCH_PAYLOAD`'s payload; a name that is none of them is refused, not run as plain.
    fn from_env() -> Result<Self> {
        let name = std::env::var("BENCH_PAYLOAD").unwrap_or_default();
        Ok(match name.as_str() {
            "" | "plain" => Self::Plain,
            "sender" => Self::Sender,
            "document" => Self::Document,
            "notifications" => Self::Notifications,
            other => bail!(
                "BENCH_PAYLOAD={other:?} is not one of plain, sender, document, notifications"
            ),
        })
    }

    fn name(self) -> &'static str {
        match self {
            Self::Plain => "plain",
            Self::Sender => "sender",
            Self::Document => "document",
            Self::Notifications => "notifications",
        }
    }

    fn subscription(self) -> &'static str {
        match self {
            Self::Plain => PLAIN,
            Self::Sender => WITH_SENDER,
            Self::Document => DOCUMENT,
            Self::Notifications => NOTIFICATIONS,
        }
    }

    /// An insert of one event carrying its commit time (microseconds since the epoch).
    fn insert(self, (user, conversation, session): (Uuid, Uuid, Uuid)) -> Statement {
        match self {
            Self::Plain | Self::Sender => Statement::from_sql_and_values(
                DbBackend::Postgres,
                "INSERT INTO messages (conversation_id, sender_id, body) \
                 VALUES ($1, $2, (extract(epoch FROM clock_timestamp()) * 1e6)::bigint::text)",
                [conversation.into(), user.into()],
            ),
            Self::Document => Statement::from_sql_and_values(
                DbBackend::Postgres,
                "INSERT INTO collaboration_edits (session_id, user_id, operation) \
                 VALUES ($1, $2, jsonb_build_object('yjs', $3::text, \
                   'sentAt', (extract(epoch FROM clock_timestamp()) * 1e6)::bigint::text))",
                [session.into(), user.into(), keystroke().into()],
            ),
            Self::Notifications => Statement::from_sql_and_values(
                DbBackend::Postgres,
                "INSERT INTO notifications (user_id, title) \
                 VALUES ($1, (extract(epoch FROM clock_timestamp()) * 1e6)::bigint::text)",
                [user.into()],
            ),
        }
    }

    /// The commit time an event's frame carries; none for a document's snapshot.
    fn sent_at(self, frame: &Value) -> Option<u64> {
        let data = &frame["payload"]["data"];
        let sent = match self {
            Self::Plain | Self::Sender => &data["messageEvents"]["message"]["body"],
            Self::Document => &data["collaborationEdits"]["edit"]["operation"]["sentAt"],
            Self::Notifications => &data["notificationEvents"]["notification"]["title"],
        };
        sent.as_str()?.parse().ok()
    }
}

/// One keystroke of a Yjs document (base64): every edit repeats it, which leaves a
/// snapshot's merge as cheap as one edit's.
fn keystroke() -> String {
    use base64::Engine as _;
    use yrs::{Doc, Text as _, Transact as _};
    let doc = Doc::new();
    let body = doc.get_or_insert_text("body");
    let mut txn = doc.transact_mut();
    body.insert(&mut txn, 0, "x");
    base64::engine::general_purpose::STANDARD.encode(txn.encode_update_v1())
}

#[tokio::main]
async fn main() -> Result<()> {
    let subscribers: usize = env_number("BENCH_SUBSCRIBERS", 1_000);
    let rate: u64 = env_number("BENCH_RATE", 10);
    let seconds: u64 = env_number("BENCH_SECONDS", 10);
    let payload = Payload::from_env()?;
    let per_socket: usize = env_number("BENCH_PER_SOCKET", 1).max(1);
    let cluster = bench_cluster().await?;
    switchyard::cli::create_database_if_missing(&cluster.url("postgres"), "bench_realtime").await?;
    let url = cluster.url("bench_realtime");
    let db = sea_orm::Database::connect(&url).await?;
    switchyard_core::db::migrate(&db).await?;
    let rows = prepare(&db).await?;
    let (user, conversation, session) = rows;

    // A socket may hold as many subscriptions as the run puts on it, past the default cap.
    let per_socket_cap = per_socket.to_string();
    let cap = [(
        "SWITCHYARD_MAX_SUBSCRIPTIONS_PER_SOCKET",
        per_socket_cap.as_str(),
    )];
    let mut server = start_switchyard(&url, PORT, SECRET, if per_socket > 1 { &cap } else { &[] })?;
    let pid = server.id().context("the server exited at once")?;
    let client = reqwest::Client::new();
    wait_until_up(&client, &format!("{BASE}/healthz")).await?;
    let token = JwtKeys::new(&AuthConfig {
        jwt_secret: SECRET.into(),
        token_ttl: 3600,
        connector_key: "bench-connector-key".into(),
    })
    .mint(Some(user), Role::Authenticated, 3600)?;

    let rss_before = rss_kib(pid)?;
    let latencies = Arc::new(Mutex::new(Vec::with_capacity(
        subscribers * (rate * seconds) as usize,
    )));
    let received = Arc::new(AtomicU64::new(0));
    let last_frame = Arc::new(AtomicU64::new(0));
    let opened = Instant::now();
    let mut clients = Vec::with_capacity(subscribers);
    let topic = match payload {
        Payload::Document => session,
        Payload::Plain | Payload::Sender | Payload::Notifications => conversation,
    };
    for first in (0..subscribers).step_by(per_socket) {
        let count = per_socket.min(subscribers - first);
        clients.push(subscribe(&token, topic, payload.subscription(), count).await?);
    }
    let shared = served(&client, subscribers).await?;
    let rss_after = rss_kib(pid)?;
    eprintln!(
        "{subscribers} subscriptions on {} sockets open in {:.1} s",
        clients.len(),
        opened.elapsed().as_secs_f64()
    );
    let expected = subscribers as u64 * rate * seconds;
    let mut readers = Vec::with_capacity(subscribers);
    for socket in clients {
        readers.push(tokio::spawn(read(
            socket,
            payload,
            Arc::clone(&latencies),
            Arc::clone(&received),
            Arc::clone(&last_frame),
        )));
    }
    let statements_before = scrape(&client, BASE, "switchyard_sql_statements_total").await?;
    let (cpu_before, database_before) = (cpu_ms(pid)?, database_cpu_ms()?);
    let first_insert = micros_since_epoch();

    // Fire events at the set rate, each carrying its commit time.
    let mut tick = tokio::time::interval(Duration::from_secs(1) / u32::try_from(rate)?);
    for _ in 0..rate * seconds {
        tick.tick().await;
        db.execute_raw(payload.insert(rows)).await?;
    }
    // Let the last events arrive (bounded).
    let deadline = Instant::now() + Duration::from_secs(30);
    while received.load(Ordering::Relaxed) < expected && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    for reader in readers {
        reader.abort();
    }
    let (cpu, database_cpu) = (
        cpu_ms(pid)? - cpu_before,
        database_cpu_ms()? - database_before,
    );
    let statements =
        scrape(&client, BASE, "switchyard_sql_statements_total").await? - statements_before;
    let delivering = last_frame
        .load(Ordering::Relaxed)
        .saturating_sub(first_insert) as f64
        / 1e6;
    let mut latencies = latencies.lock().await.clone();
    latencies.sort_unstable();
    let percentile = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0) as f64
            / 1e3
    };
    println!(
        "payload {}  subscribers {subscribers} ({})  rate {rate}/s  delivered {}/{expected}  {:.0} deliveries/s  latency ms p50 {:.2} p99 {:.2} max {:.2}  {:.1} statements per event  server CPU {:.1} µs per delivery  PostgreSQL CPU {:.2} ms per event  server RSS {:.1} MiB -> {:.1} MiB ({:.1} KiB per subscription)",
        payload.name(),
        if shared { "shared" } else { "each alone" },
        received.load(Ordering::Relaxed),
        received.load(Ordering::Relaxed) as f64 / delivering.max(f64::EPSILON),
        percentile(0.50),
        percentile(0.99),
        latencies.last().copied().unwrap_or(0) as f64 / 1e3,
        statements / (rate * seconds) as f64,
        cpu * 1e3 / received.load(Ordering::Relaxed).max(1) as f64,
        database_cpu / (rate * seconds) as f64,
        rss_before as f64 / 1024.0,
        rss_after as f64 / 1024.0,
        rss_after.saturating_sub(rss_before) as f64 / subscribers as f64,
    );
    server.kill().await?;
    if received.load(Ordering::Relaxed) < expected {
        bail!("events were lost");
    }
    Ok(())
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A user, and a conversation and a collaboration session of theirs (created once).
async fn prepare(db: &sea_orm::DatabaseConnection) -> Result<(Uuid, Uuid, Uuid)> {
    let user = Uuid::new_v4();
    let name = format!("bench{}", &user.simple().to_string()[..8]);
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "INSERT INTO users (id, email) VALUES ($1, $2)",
        [user.into(), format!("{name}@example.com").into()],
    ))
    .await?;
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "INSERT INTO profiles (id, username) VALUES ($1, $2)",
        [user.into(), name.into()],
    ))
    .await?;
    let conversation = returning_id(
        db,
        "INSERT INTO conversations (kind, title, created_by) VALUES ('group', 'bench', $1) RETURNING id",
        user,
    )
    .await?;
    let session = returning_id(
        db,
        "INSERT INTO collaboration_sessions (owner_id, title) VALUES ($1, 'bench') RETURNING id",
        user,
    )
    .await?;
    Ok((user, conversation, session))
}

/// The id of the row `insert` (taking the user as `$1`) creates.
async fn returning_id(db: &sea_orm::DatabaseConnection, insert: &str, user: Uuid) -> Result<Uuid> {
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            insert,
            [user.into()],
        ))
        .await?
        .context("the insert returned no row")?;
    Ok(row.try_get_by_index::<Uuid>(0)?)
}

/// Opens a `graphql-transport-ws` socket and subscribes `count` times to the conversation or
/// session.
async fn subscribe(
    token: &str,
    conversation: Uuid,
    document: &str,
    count: usize,
) -> Result<Socket> {
    let mut request = format!("ws://127.0.0.1:{PORT}/graphql").into_client_request()?;
    request
        .headers_mut()
        .insert("sec-websocket-protocol", "graphql-transport-ws".parse()?);
    // Small buffers, as on the server: the client holds thousands of sockets too.
    let config = WebSocketConfig::default()
        .read_buffer_size(4 * 1024)
        .write_buffer_size(4 * 1024);
    let (mut socket, _) =
        tokio_tungstenite::connect_async_with_config(request, Some(config), false).await?;
    let send = |value: Value| Message::Text(value.to_string().into());
    socket
        .send(send(
            json!({ "type": "connection_init", "payload": { "authToken": token } }),
        ))
        .await?;
    socket.next().await.context("no connection_ack")??;
    for id in 1..=count {
        socket
            .send(send(json!({ "type": "subscribe", "id": id.to_string(),
                "payload": { "query": document, "variables": { "c": conversation } } })))
            .await?;
    }
    Ok(socket)
}

/// Reads frames, recording commit → frame latency in microseconds and the last frame's time.
async fn read(
    mut socket: Socket,
    payload: Payload,
    latencies: Arc<Mutex<Vec<u64>>>,
    received: Arc<AtomicU64>,
    last_frame: Arc<AtomicU64>,
) {
    while let Some(Ok(message)) = socket.next().await {
        let Message::Text(text) = message else {
            continue;
        };
        let now = micros_since_epoch();
        let Ok(value) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let Some(sent) = payload.sent_at(&value) else {
            continue;
        };
        received.fetch_add(1, Ordering::Relaxed);
        last_frame.fetch_max(now, Ordering::Relaxed);
        latencies.lock().await.push(now.saturating_sub(sent));
    }
}

fn micros_since_epoch() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX)
        })
}

/// Polls the server's `/metrics` until all `subscribers` are served: by one shared
/// execution following the topic (true), or each alone (false; a server that does not
/// share this feed).
async fn served(client: &reqwest::Client, subscribers: usize) -> Result<bool> {
    let subscribers = subscribers as f64;
    for _ in 0..1_200 {
        // Each series appears with its first member, which may not have subscribed yet (at
        // K = 1 it is the only one); a server that shares nothing has no shared series.
        let count = |name| async move { scrape(client, BASE, name).await.unwrap_or(0.0) };
        let shared = count("switchyard_realtime_shared_subscriptions").await;
        let following = count("switchyard_realtime_subscriptions").await;
        if (shared, following) == (subscribers, 1.0) || (shared, following) == (0.0, subscribers) {
            return Ok(shared > 0.0);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("the {subscribers} subscribers were never all served")
}

/// The resident set size of process `pid`, in KiB.
fn rss_kib(pid: u32) -> Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|line| {
            line.strip_prefix("VmRSS:")?
                .trim()
                .strip_suffix("kB")?
                .trim()
                .parse()
                .ok()
        })
        .context("no VmRSS in /proc status")
}
