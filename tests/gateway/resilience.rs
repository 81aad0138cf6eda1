//! The delivery contract under stress, over real sockets and a real PostgreSQL: a token
//! expiring on an open socket, the LISTEN connection killed and PostgreSQL restarted while
//! writers commit concurrently, two gateway processes on one database, and a client that
//! stops reading.

use crate::common;

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::{Context as _, Result, bail, ensure};
use common::TestApp;
use common::socket::{Frame, LEGACY_WS, Socket, TRANSPORT_WS};
use serde_json::{Value, json};
use switchyard_core::config::Limits;
use switchyard_core::db::embedded::EmbeddedCluster;
use switchyard_core::realtime::{decode_cursor, encode_cursor};
use uuid::Uuid;

pub const MESSAGES: &str = "subscription($c: UUID!, $after: String) {
    messageEvents(conversationId: $c, after: $after) { cursor message { body } } }";

pub async fn conversation(app: &TestApp, members: &[Uuid]) -> Result<Uuid> {
    let id = app
        .insert_returning_id(
            "INSERT INTO conversations (kind, title, created_by) VALUES ('group', 'ops', $1) RETURNING id",
            [members[0].into()],
        )
        .await?;
    // The creator (the first member) is a member from the start.
    for member in &members[1..] {
        app.exec(
            "INSERT INTO conversation_members (conversation_id, user_id) VALUES ($1, $2)",
            [id.into(), (*member).into()],
        )
        .await?;
    }
    Ok(id)
}

async fn say(app: &TestApp, conversation: Uuid, sender: Uuid, body: &str) -> Result<()> {
    app.exec(
        "INSERT INTO messages (conversation_id, sender_id, body) VALUES ($1, $2, $3)",
        [conversation.into(), sender.into(), body.into()],
    )
    .await
}

/// Follows `conversation` on `socket` and waits until the server counts the subscription
/// as open, so anything committed from then on reaches it.
async fn follow(
    app: &TestApp,
    socket: &mut Socket,
    conversation: Uuid,
    after: Option<&Value>,
) -> Result<()> {
    let open = app.open_subscriptions().await?;
    socket
        .start("m", MESSAGES, json!({ "c": conversation, "after": after }))
        .await?;
    app.wait_for_subscriptions(open + 1).await
}

/// The seq behind an event's cursor.
pub fn seq(event: &Value) -> Result<i64> {
    let cursor = event["cursor"]
        .as_str()
        .context("an event without cursor")?;
    decode_cursor(cursor).map_err(|error| anyhow::anyhow!("{error:?}"))
}

fn body(event: &Value) -> String {
    event["message"]["body"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// How long each writer of `spawn_writers` goes on.
#[derive(Clone)]
pub enum Until {
    /// This many messages per target, back to back.
    Written(usize),
    /// Until the flag is raised, one message per target every 10 ms.
    Raised(Arc<AtomicBool>),
}

/// Starts `writers` tasks that each insert messages `w{writer}-{i}` (i = 0, 1, …, in order)
/// into every target conversation through raw SQL. Each returns how many inserts it tried
/// and how many failed; after a failure it pauses briefly, as a client would while the
/// database is away.
pub fn spawn_writers(
    db: &sea_orm::DatabaseConnection,
    sender: Uuid,
    targets: &[Uuid],
    writers: usize,
    until: &Until,
) -> Vec<tokio::task::JoinHandle<(usize, usize)>> {
    (0..writers)
        .map(|writer| {
            let db = db.clone();
            let targets = targets.to_vec();
            let until = until.clone();
            tokio::spawn(async move {
                let (mut tried, mut failed) = (0, 0);
                for i in 0.. {
                    match &until {
                        Until::Written(each) if i == *each => break,
                        Until::Raised(flag) if flag.load(Ordering::Relaxed) => break,
                        Until::Raised(_) => tokio::time::sleep(Duration::from_millis(10)).await,
                        Until::Written(_) => {}
                    }
                    for target in &targets {
                        tried += 1;
                        let insert = sea_orm::ConnectionTrait::execute_raw(
                            &db,
                            sea_orm::Statement::from_sql_and_values(
                                sea_orm::DbBackend::Postgres,
                                "INSERT INTO messages (conversation_id, sender_id, body) VALUES ($1, $2, $3)",
                                [(*target).into(), sender.into(), format!("w{writer}-{i}").into()],
                            ),
                        )
                        .await;
                        if let Err(error) = insert {
                            eprintln!("writer {writer}: {error}");
                            failed += 1;
                            tokio::time::sleep(Duration::from_millis(50)).await;
                        }
                    }
                }
                (tried, failed)
            })
        })
        .collect()
}

/// `events` of one conversation hold every `committed` message exactly once, with seqs
/// 1..=n (commit order, no gap), and each writer's messages in the order it wrote them.
pub fn assert_delivered_exactly(events: &[Value], committed: &HashSet<String>) -> Result<()> {
    let seqs: Vec<i64> = events.iter().map(seq).collect::<Result<_>>()?;
    assert_eq!(seqs, (1..=committed.len() as i64).collect::<Vec<_>>());
    let bodies: Vec<String> = events.iter().map(body).collect();
    assert_eq!(&bodies.iter().cloned().collect::<HashSet<_>>(), committed);
    let mut last_of_writer = std::collections::HashMap::new();
    for body in &bodies {
        let (writer, i) = body
            .split_once('-')
            .with_context(|| format!("not a writer's message: {body}"))?;
        let i: usize = i.parse()?;
        if let Some(previous) = last_of_writer.insert(writer.to_owned(), i) {
            ensure!(previous < i, "{writer}: {i} delivered after {previous}");
        }
    }
    Ok(())
}

#[tokio::test]
async fn an_expired_token_ends_the_socket_and_a_new_token_resumes_without_loss() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    let conversation = conversation(&app, &[alice.id, bob.id]).await?;
    for protocol in [TRANSPORT_WS, LEGACY_WS] {
        // Bob's token is valid for a few seconds only (enough on a loaded machine to see
        // the first message).
        let short = app.token_expiring_in(bob.id, 10)?;
        let mut socket = Socket::connect(app.address, protocol, Some(&short)).await?;
        follow(&app, &mut socket, conversation, None).await?;
        say(
            &app,
            conversation,
            alice.id,
            &format!("before expiry ({protocol})"),
        )
        .await?;
        let seen = socket.next_data("messageEvents").await?;
        assert_eq!(body(&seen), format!("before expiry ({protocol})"));

        // The token runs out: the protocol's unauthorized close, with the reason.
        let (code, reason) = socket.expect_close().await?;
        assert_eq!(
            (code, reason.as_str()),
            (4401, "Unauthorized: token expired"),
            "{protocol}"
        );
        app.wait_for_subscriptions(0).await?;

        // Written while Bob was away; he comes back with a fresh token and his cursor.
        say(
            &app,
            conversation,
            alice.id,
            &format!("while away ({protocol})"),
        )
        .await?;
        let mut socket = Socket::connect(app.address, protocol, Some(&bob.token)).await?;
        follow(&app, &mut socket, conversation, Some(&seen["cursor"])).await?;
        let resumed = socket.next_data("messageEvents").await?;
        assert_eq!(body(&resumed), format!("while away ({protocol})"));
        assert_eq!(seq(&resumed)?, seq(&seen)? + 1);
    }
    Ok(())
}

/// The pid of this database's listener connection(s) of the gateway.
async fn listeners(app: &TestApp) -> Result<Vec<i32>> {
    let rows = sea_orm::ConnectionTrait::query_all_raw(
        &app.db,
        sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 ORDER BY pid",
            [switchyard_core::realtime::listener::APPLICATION_NAME.into()],
        ),
    )
    .await?;
    rows.iter()
        .map(|row| Ok(row.try_get_by_index::<i32>(0)?))
        .collect()
}

#[tokio::test]
async fn killing_the_listener_mid_stream_loses_and_repeats_nothing_under_concurrent_writers()
-> Result<()> {
    const WRITERS: usize = 4;
    const EACH: usize = 40;
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let first = conversation(&app, &[alice.id]).await?;
    let second = conversation(&app, &[alice.id]).await?;
    let mut socket = Socket::connect(app.address, TRANSPORT_WS, Some(&alice.token)).await?;
    // From the very first event: a subscription counts as open before it has fixed where
    // its live stream starts, and the writers start as soon as both count.
    let origin = json!(encode_cursor(0));
    follow(&app, &mut socket, first, Some(&origin)).await?;
    socket
        .start("n", MESSAGES, json!({ "c": second, "after": origin }))
        .await?;
    app.wait_for_subscriptions(2).await?;
    let killed = listeners(&app).await?;
    ensure!(
        killed.len() == 1,
        "one listener per process, found {killed:?}"
    );

    // Several writers commit concurrently through raw SQL, each into both conversations.
    let writers = spawn_writers(
        &app.db,
        alice.id,
        &[first, second],
        WRITERS,
        &Until::Written(EACH),
    );

    // Once the stream is flowing, the listener's connection is terminated.
    let expected = WRITERS * EACH;
    let mut received: [Vec<Value>; 2] = [Vec::new(), Vec::new()];
    let mut terminated = false;
    let receiving = async {
        while received.iter().map(Vec::len).sum::<usize>() < 2 * expected {
            let value = match socket.frame().await? {
                Frame::Next(value) => value,
                other => bail!("unexpected {other:?}"),
            };
            let event = value["payload"]["data"]["messageEvents"].clone();
            ensure!(!event.is_null(), "not an event: {value}");
            let index = usize::from(value["id"] == "n");
            received[index].push(event);
            if !terminated && received[0].len() >= 5 {
                let done = app
                    .count(
                        "SELECT count(*) FROM (SELECT pg_terminate_backend($1)) AS t",
                        [killed[0].into()],
                    )
                    .await?;
                ensure!(done == 1);
                terminated = true;
            }
        }
        Ok(())
    };
    // Keep-alives keep a socket busy, so the wait for the last event needs its own bound.
    let outcome = tokio::time::timeout(Duration::from_secs(120), receiving).await;
    let mut failed = 0;
    for writer in writers {
        failed += writer.await?.1;
    }
    ensure!(failed == 0, "{failed} writes failed");
    outcome.map_err(|_| {
        anyhow::anyhow!(
            "received {:?} of {expected} per conversation",
            received.each_ref().map(Vec::len)
        )
    })??;
    ensure!(
        terminated,
        "the stream ended before the listener was killed"
    );
    let written: HashSet<String> = (0..WRITERS)
        .flat_map(|writer| (0..EACH).map(move |i| format!("w{writer}-{i}")))
        .collect();
    for events in &received {
        assert_delivered_exactly(events, &written)?;
    }
    // The gateway is listening again, on a new connection.
    let again = listeners(&app).await?;
    ensure!(
        again.len() == 1 && again != killed,
        "listener not back: {again:?}"
    );
    Ok(())
}

#[tokio::test]
async fn a_message_sent_through_one_gateway_reaches_a_subscriber_of_another() -> Result<()> {
    let first = TestApp::spawn().await?;
    let second = first.spawn_beside().await?;
    let alice = first.create_user("alice").await?;
    let bob = first.create_user("bob").await?;
    let conversation = conversation(&first, &[alice.id, bob.id]).await?;
    ensure!(listeners(&first).await?.len() == 2, "each process listens");

    let mut bob_socket = Socket::connect(second.address, LEGACY_WS, Some(&bob.token)).await?;
    follow(&second, &mut bob_socket, conversation, None).await?;
    first
        .query(
            Some(&alice.token),
            "mutation($c: UUID!) { sendMessage(conversationId: $c, body: \"via the first\") { id } }",
            json!({ "c": conversation }),
        )
        .await?;
    assert_eq!(
        body(&bob_socket.next_data("messageEvents").await?),
        "via the first"
    );
    Ok(())
}

#[tokio::test]
async fn a_client_that_stops_reading_is_cut_off_and_told_while_others_carry_on() -> Result<()> {
    let app = TestApp::spawn_with(Limits {
        subscriber_buffer: 16,
        ..Limits::default()
    })
    .await?;
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    let conversation = conversation(&app, &[alice.id, bob.id]).await?;
    let mut slow = Socket::connect(app.address, TRANSPORT_WS, Some(&bob.token)).await?;
    follow(&app, &mut slow, conversation, None).await?;
    app.wait_for_subscriptions(1).await?;

    // Bob stops reading. Large messages fill the socket's buffers, then his 16-event buffer;
    // the server drops his subscription rather than hold events for him.
    let big = "x".repeat(8_000);
    let mut sent = 0;
    while app.open_subscriptions().await? > 0 {
        ensure!(sent < 20_000, "the slow subscriber was never cut off");
        for _ in 0..20 {
            say(&app, conversation, alice.id, &big).await?;
            sent += 1;
        }
    }

    // Everyone else is served as usual.
    let mut alice_socket = Socket::connect(app.address, TRANSPORT_WS, Some(&alice.token)).await?;
    follow(&app, &mut alice_socket, conversation, None).await?;
    say(&app, conversation, alice.id, "still here").await?;
    // (The tail of the flood may reach her first.)
    let mut flood_tail = 0;
    while body(&alice_socket.next_data("messageEvents").await?) != "still here" {
        flood_tail += 1;
        ensure!(flood_tail <= sent, "\"still here\" never arrived");
    }

    // When Bob reads again he finds what was already on its way, then why his stream ended.
    let mut delivered = 0;
    let error = loop {
        let payload = slow.next_payload().await?;
        if let Some(errors) = payload.get("errors").filter(|errors| !errors.is_null()) {
            break errors[0].clone();
        }
        delivered += 1;
    };
    ensure!(delivered < sent, "delivered {delivered} of {sent}");
    assert_eq!(error["extensions"]["code"], "CONFLICT");
    let message = error["message"].as_str().unwrap_or_default();
    assert!(message.contains("fell behind"), "{message}");
    slow.expect_complete().await?;
    Ok(())
}

#[tokio::test]
async fn restarting_postgresql_mid_stream_loses_and_repeats_nothing() -> Result<()> {
    // A cluster of this test's own, so the restart disturbs no other test.
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/restart-cluster");
    let port = common::checkout_port() + 1_000;
    let cluster = EmbeddedCluster::start(&folder, port).await?;
    let outcome = restart_mid_stream(&cluster, &folder, port).await;
    cluster.stop().await?;
    outcome
}

async fn restart_mid_stream(
    cluster: &EmbeddedCluster,
    folder: &std::path::Path,
    port: u16,
) -> Result<()> {
    const WRITERS: usize = 3;
    let app = TestApp::spawn_on_cluster(&cluster.url("postgres")).await?;
    let alice = app.create_user("alice").await?;
    let chat = conversation(&app, &[alice.id]).await?;
    let mut socket = Socket::connect(app.address, TRANSPORT_WS, Some(&alice.token)).await?;
    follow(&app, &mut socket, chat, Some(&json!(encode_cursor(0)))).await?;
    let done = Arc::new(AtomicBool::new(false));
    let writers = spawn_writers(
        &app.db,
        alice.id,
        &[chat],
        WRITERS,
        &Until::Raised(Arc::clone(&done)),
    );

    // Once the stream is flowing, PostgreSQL is stopped (fast shutdown: every connection is
    // cut) and started again while the writers keep writing, and they go on for a while.
    let mut events = Vec::new();
    while events.len() < 5 {
        events.push(socket.next_data("messageEvents").await?);
    }
    cluster.stop().await?;
    EmbeddedCluster::start(folder, port).await?;
    // Writes wait (or fail) while the database is away, and go on once it is back.
    tokio::time::sleep(Duration::from_millis(500)).await;
    done.store(true, Ordering::Relaxed);
    let (mut tried, mut failed) = (0, 0);
    for writer in writers {
        let (writer_tried, writer_failed) = writer.await?;
        tried += writer_tried;
        failed += writer_failed;
    }

    // What committed is what the table holds; the stream delivers exactly that.
    let committed: HashSet<String> = sea_orm::ConnectionTrait::query_all_raw(
        &app.db,
        sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT body FROM messages WHERE conversation_id = $1",
            [chat.into()],
        ),
    )
    .await?
    .iter()
    .map(|row| row.try_get_by_index::<String>(0))
    .collect::<Result<_, _>>()?;
    // (An insert cut off while committing may have committed all the same.)
    ensure!(
        committed.len() <= tried && committed.len() + failed >= tried,
        "{} committed, {failed} failed, of {tried} tried",
        committed.len()
    );
    while events.len() < committed.len() {
        events.push(socket.next_data("messageEvents").await?);
    }
    assert_delivered_exactly(&events, &committed)?;
    // Nothing more is on its way: a fresh message is the very next event.
    say(&app, chat, alice.id, "after the restart").await?;
    let next = socket.next_data("messageEvents").await?;
    assert_eq!(body(&next), "after the restart");
    assert_eq!(seq(&next)?, committed.len() as i64 + 1);
    Ok(())
}
