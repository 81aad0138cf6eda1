//! Many gateways over one database through the NATS JetStream backplane, as processes: a
//! real nats-server and three `switchyard serve` processes with `SWITCHYARD_NATS_URL`.
//! Writers commit through raw SQL while the relay's gateway is killed and NATS itself is
//! restarted; every subscriber still receives exactly what was committed, in order. A
//! gateway that is not the relay delivers events without reading the database per event,
//! and an event too large for a NATS message still arrives whole.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use anyhow::{Context as _, Result, bail, ensure};
use serde_json::{Value, json};
use switchyard_core::realtime::backplane::RELAY_APPLICATION_NAME;
use switchyard_core::realtime::{encode_cursor, listener};
use tokio::process::Child;
use tokio::task::JoinHandle;
use uuid::Uuid;

use crate::common::nats::NatsServer;
use crate::common::process::{TempFolder, serve_command, start};
use crate::common::socket::{Frame, Socket, TRANSPORT_WS};
use crate::common::{CONNECTOR_KEY, SECRET, TestApp, TestUser, WAIT, scrape, sum, wait_for_metric};
use crate::resilience::{
    MESSAGES, Until, assert_delivered_exactly, conversation, seq, spawn_writers,
};

const LEADER: &str = "switchyard_realtime_relay_leader";

/// A `switchyard serve` process using the backplane.
struct Gateway {
    process: Child,
    base: String,
    address: std::net::SocketAddr,
}

impl Gateway {
    async fn start(app: &TestApp, nats: &NatsServer, folder: &TempFolder) -> Result<Self> {
        let mut command = serve_command(app.lease(), &folder.0, &[]);
        command
            .env("SWITCHYARD_NATS_URL", nats.url())
            .env("SWITCHYARD_JWT_SECRET", SECRET)
            .env("SWITCHYARD_CONNECTOR_KEY", CONNECTOR_KEY);
        let (process, address) = start(command).await?;
        Ok(Self {
            process,
            base: format!("http://{address}"),
            address: address.parse()?,
        })
    }
}

/// Which of `gateways` (those not `dead`) are relays now, once exactly one is.
async fn the_one_relay(
    client: &reqwest::Client,
    gateways: &[Gateway],
    dead: Option<usize>,
) -> Result<usize> {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let mut leaders = Vec::new();
        for (index, gateway) in gateways.iter().enumerate() {
            if Some(index) != dead && sum(&scrape(client, &gateway.base).await?, LEADER) == 1 {
                leaders.push(index);
            }
        }
        if let [leader] = leaders[..] {
            return Ok(leader);
        }
        if tokio::time::Instant::now() > deadline {
            bail!("expected one relay, found {leaders:?}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// What one client received per conversation (`a`, `b`), over all its sockets.
type Received = Arc<Mutex<[Vec<Value>; 2]>>;

/// What `received` holds so far (a reader that panicked left it whole: pushes are single
/// steps).
fn held(received: &Received) -> MutexGuard<'_, [Vec<Value>; 2]> {
    received.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Follows both conversations on `gateway` as `token`, each after the last event the client
/// received (from the start for a new client), and records what arrives into `received`
/// until the socket ends.
async fn follow(
    gateway: &Gateway,
    client: &reqwest::Client,
    token: &str,
    conversations: [Uuid; 2],
    received: &Received,
) -> Result<JoinHandle<()>> {
    let open = sum(
        &scrape(client, &gateway.base).await?,
        "switchyard_realtime_subscriptions",
    );
    let mut socket = Socket::connect(gateway.address, TRANSPORT_WS, Some(token)).await?;
    for (index, (id, conversation)) in ["a", "b"].iter().zip(conversations).enumerate() {
        let after = held(received)[index]
            .last()
            .map_or(json!(encode_cursor(0)), |event| event["cursor"].clone());
        socket
            .start(id, MESSAGES, json!({ "c": conversation, "after": after }))
            .await?;
    }
    wait_for_metric(
        client,
        &gateway.base,
        "switchyard_realtime_subscriptions",
        open + 2,
    )
    .await?;
    let received = Arc::clone(received);
    Ok(tokio::spawn(async move {
        while let Ok(Frame::Next(value)) = socket.frame().await {
            let index = usize::from(value["id"] == "b");
            held(&received)[index].push(value["payload"]["data"]["messageEvents"].clone());
        }
    }))
}

/// How many events each client holds in its emptiest conversation.
fn fewest(clients: &[Received]) -> usize {
    clients
        .iter()
        .flat_map(|received| held(received).each_ref().map(Vec::len))
        .min()
        .unwrap_or(0)
}

/// Waits until every client holds at least `wanted` events per conversation.
async fn wait_for_events(clients: &[Received], wanted: usize, within: Duration) -> Result<()> {
    tokio::time::timeout(within, async {
        while fewest(clients) < wanted {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .with_context(|| {
        format!(
            "{} of {wanted} events per conversation arrived",
            fewest(clients)
        )
    })
}

/// What every test here starts from: a NATS server, the test's database (with an
/// in-process server for its helpers), Alice, two conversations of hers, and a folder for
/// the gateway processes to start in.
struct Scene {
    nats: NatsServer,
    app: TestApp,
    alice: TestUser,
    conversations: [Uuid; 2],
    folder: TempFolder,
}

impl Scene {
    async fn new(nats: NatsServer) -> Result<Self> {
        let app = TestApp::spawn().await?;
        let alice = app.create_user("alice").await?;
        let conversations = [
            conversation(&app, &[alice.id]).await?,
            conversation(&app, &[alice.id]).await?,
        ];
        Ok(Self {
            nats,
            app,
            alice,
            conversations,
            folder: TempFolder::new()?,
        })
    }
}

#[tokio::test]
async fn three_gateways_lose_and_repeat_nothing_when_the_relay_dies_and_nats_restarts() -> Result<()>
{
    const WRITERS: usize = 2;
    let Scene {
        mut nats,
        app,
        alice,
        conversations,
        folder,
    } = Scene::new(NatsServer::start().await?).await?;
    let mut gateways = Vec::new();
    for _ in 0..3 {
        gateways.push(Gateway::start(&app, &nats, &folder).await?);
    }
    let client = reqwest::Client::new();
    let relay = the_one_relay(&client, &gateways, None).await?;
    // Each gateway holds a relay connection (the relay's, or one waiting on its lock), and
    // none a listener: the only listener is the test's own in-process server's.
    let count_named = async |name: &str| {
        app.count(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1",
            [name.into()],
        )
        .await
    };
    // (A gateway opens its relay connection in the background as it starts.)
    tokio::time::timeout(WAIT, async {
        while count_named(RELAY_APPLICATION_NAME).await? < 3 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        anyhow::Ok(())
    })
    .await
    .context("not every gateway opened its relay connection")??;
    assert_eq!(count_named(RELAY_APPLICATION_NAME).await?, 3);
    assert_eq!(count_named(listener::APPLICATION_NAME).await?, 1);

    // One client per gateway follows both conversations from their first event.
    let clients: Vec<Received> = (0..3).map(|_| Received::default()).collect();
    let mut readers = Vec::new();
    for (gateway, received) in gateways.iter().zip(&clients) {
        readers.push(follow(gateway, &client, &alice.token, conversations, received).await?);
    }
    let stop = Arc::new(AtomicBool::new(false));
    let writers = spawn_writers(
        &app.db,
        alice.id,
        &conversations,
        WRITERS,
        &Until::Raised(Arc::clone(&stop)),
    );
    wait_for_events(&clients, 5, WAIT).await?;

    // The relay's process dies mid-stream; its client resumes on another gateway with the
    // cursors it last received, and a surviving gateway takes over the relay.
    gateways[relay].process.kill().await?;
    let survivor = (relay + 1) % gateways.len();
    readers.push(
        follow(
            &gateways[survivor],
            &client,
            &alice.token,
            conversations,
            &clients[relay],
        )
        .await?,
    );
    let successor = the_one_relay(&client, &gateways, Some(relay)).await?;
    ensure!(successor != relay);
    let before_restart = fewest(&clients);
    wait_for_events(&clients, before_restart + 5, WAIT).await?;

    // NATS goes away for a second and comes back on the same port and storage.
    nats.restart(Duration::from_secs(1)).await?;
    let after_restart = fewest(&clients);
    wait_for_events(&clients, after_restart + 5, Duration::from_secs(60)).await?;
    stop.store(true, Ordering::Relaxed);
    let mut written = HashSet::new();
    for (writer, handle) in writers.into_iter().enumerate() {
        let (tried, failed) = handle.await?;
        ensure!(failed == 0, "writer {writer}: {failed} writes failed");
        written.extend((0..tried / conversations.len()).map(|i| format!("w{writer}-{i}")));
    }

    wait_for_events(&clients, written.len(), Duration::from_secs(60)).await?;
    for reader in readers {
        reader.abort();
    }
    for received in &clients {
        for events in held(received).iter() {
            assert_delivered_exactly(events, &written)?;
            ensure!(seq(&events[0])? == 1);
        }
    }
    let relayed = sum(
        &scrape(&client, &gateways[successor].base).await?,
        "switchyard_realtime_relayed_events_total",
    );
    ensure!(relayed > 0, "the new relay published nothing");
    // The relays recorded how far they got: a relay taking over later starts from there.
    // (The record follows JetStream's acknowledgement, so it may trail the delivery.)
    let recorded = async || -> Result<i64> {
        app.count(
            "SELECT coalesce(min(seq), 0) FROM realtime.relayed \
             WHERE topic = ANY (ARRAY['conversation:' || $1, 'conversation:' || $2])",
            [
                conversations[0].to_string().into(),
                conversations[1].to_string().into(),
            ],
        )
        .await
    };
    tokio::time::timeout(WAIT, async {
        while recorded().await? < written.len() as i64 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        anyhow::Ok(())
    })
    .await
    .with_context(|| format!("relayed positions short of {}", written.len()))??;
    Ok(())
}

#[tokio::test]
async fn a_gateway_that_is_not_the_relay_reads_nothing_from_the_database_per_event() -> Result<()> {
    const MESSAGES_WRITTEN: usize = 60;
    let Scene {
        nats,
        app,
        alice,
        conversations,
        folder,
    } = Scene::new(NatsServer::start().await?).await?;
    let gateways = [
        Gateway::start(&app, &nats, &folder).await?,
        Gateway::start(&app, &nats, &folder).await?,
    ];
    let client = reqwest::Client::new();
    let follower = &gateways[1 - the_one_relay(&client, &gateways, None).await?];
    let received = Received::default();
    let reader = follow(follower, &client, &alice.token, conversations, &received).await?;

    let statements = async || -> Result<u64> {
        Ok(sum(
            &scrape(&client, &follower.base).await?,
            "switchyard_sql_statements_total",
        ))
    };
    let before = statements().await?;
    for i in 0..MESSAGES_WRITTEN {
        app.exec(
            "INSERT INTO messages (conversation_id, sender_id, body) VALUES ($1, $2, $3)",
            [
                conversations[0].into(),
                alice.id.into(),
                format!("m{i}").into(),
            ],
        )
        .await?;
    }
    tokio::time::timeout(WAIT, async {
        while held(&received)[0].len() < MESSAGES_WRITTEN {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .context("the follower's subscriber did not get every message")?;
    // The events came with their rows from JetStream: what the follower ran meanwhile is
    // its once-a-second policy check (and the scrapes' own pool gauges), not a read per
    // event.
    let ran = statements().await? - before;
    ensure!(
        ran < 10,
        "the follower ran {ran} statements for {MESSAGES_WRITTEN} events"
    );
    reader.abort();
    Ok(())
}

#[tokio::test]
async fn an_event_too_large_for_a_nats_message_arrives_whole_through_the_outbox() -> Result<()> {
    let Scene {
        nats,
        app,
        alice,
        conversations,
        folder,
    } = Scene::new(NatsServer::start_with_max_payload(4096).await?).await?;
    let gateway = Gateway::start(&app, &nats, &folder).await?;
    let client = reqwest::Client::new();
    the_one_relay(&client, std::slice::from_ref(&gateway), None).await?;
    let received = Received::default();
    let reader = follow(&gateway, &client, &alice.token, conversations, &received).await?;

    // A message whose row is larger than what the NATS server lets a message carry, then a
    // small one: both arrive, in order, the large one read from the outbox.
    let long = "long ".repeat(2_000);
    for body in [long.as_str(), "short"] {
        app.exec(
            "INSERT INTO messages (conversation_id, sender_id, body) VALUES ($1, $2, $3)",
            [conversations[0].into(), alice.id.into(), body.into()],
        )
        .await?;
    }
    tokio::time::timeout(WAIT, async {
        while held(&received)[0].len() < 2 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .context("the messages did not arrive")?;
    let bodies: Vec<Value> = held(&received)[0]
        .iter()
        .map(|event| event["message"]["body"].clone())
        .collect();
    assert_eq!(bodies, [json!(long), json!("short")]);
    reader.abort();
    Ok(())
}
