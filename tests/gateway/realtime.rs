//! Live feeds over real WebSockets against a real PostgreSQL: writes through the API and
//! through raw SQL reach subscribers, `after` resumes without loss, and access is checked
//! when subscribing and when it is revoked.

use crate::common;

use anyhow::{Result, bail};
use common::TestApp;
use common::socket::{Frame, LEGACY_WS, Socket, TRANSPORT_WS};
use serde_json::{Value, json};
use switchyard_core::auth::Role;
use uuid::Uuid;

pub(crate) const MESSAGES: &str = "subscription($c: UUID!, $after: String) {
    messageEvents(conversationId: $c, after: $after) { cursor kind message { body } } }";
/// The cursor of seq 0: a feed subscribed with it includes every event kept, so a write made
/// right after subscribing arrives however long the server takes to set the feed up.
const FROM_START: &str = "cnQ6MA";

pub(crate) async fn group(app: &TestApp, owner: Uuid, members: &[Uuid]) -> Result<Uuid> {
    let conversation = app
        .insert_returning_id(
            "INSERT INTO conversations (kind, title, created_by) VALUES ('group', 'team', $1) RETURNING id",
            [owner.into()],
        )
        .await?;
    for member in members {
        app.exec(
            "INSERT INTO conversation_members (conversation_id, user_id) VALUES ($1, $2)",
            [conversation.into(), (*member).into()],
        )
        .await?;
    }
    Ok(conversation)
}

/// A socket of `protocol`, signed in with `token`, following `conversation`'s messages from
/// the first event kept.
async fn follow_from_start(
    app: &TestApp,
    protocol: &'static str,
    token: &str,
    conversation: Uuid,
) -> Result<Socket> {
    let mut socket = Socket::connect(app.address, protocol, Some(token)).await?;
    socket
        .start(
            "1",
            MESSAGES,
            json!({ "c": conversation, "after": FROM_START }),
        )
        .await?;
    Ok(socket)
}

pub(crate) async fn say(app: &TestApp, conversation: Uuid, sender: Uuid, body: &str) -> Result<()> {
    app.exec(
        "INSERT INTO messages (conversation_id, sender_id, body) VALUES ($1, $2, $3)",
        [conversation.into(), sender.into(), body.into()],
    )
    .await
}

fn event(value: &Value) -> (String, String) {
    (
        value["kind"].as_str().unwrap_or_default().to_owned(),
        value["message"]["body"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    )
}

#[tokio::test]
async fn members_see_messages_live_over_both_protocols() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    for protocol in [TRANSPORT_WS, LEGACY_WS] {
        let conversation = group(&app, alice.id, &[bob.id]).await?;
        let mut socket = follow_from_start(&app, protocol, &bob.token, conversation).await?;
        // A query over the same socket runs as Bob, beside the open subscription.
        socket.start("2", "{ viewer { id } }", json!({})).await?;
        assert_eq!(socket.next_data("viewer").await?["id"], json!(bob.id));
        socket.expect_complete().await?;
        say(
            &app,
            conversation,
            alice.id,
            &format!("hello over {protocol}"),
        )
        .await?;
        let added = socket.next_data("messageEvents").await?;
        assert_eq!(
            event(&added),
            ("ADDED".into(), format!("hello over {protocol}"))
        );
        app.exec(
            "UPDATE messages SET body = 'edited' WHERE body = $1",
            [format!("hello over {protocol}").into()],
        )
        .await?;
        assert_eq!(
            event(&socket.next_data("messageEvents").await?),
            ("EDITED".into(), "edited".into())
        );
        app.exec(
            "UPDATE messages SET deleted_at = now() WHERE body = 'edited'",
            [],
        )
        .await?;
        assert_eq!(socket.next_data("messageEvents").await?["kind"], "DELETED");
        app.exec("DELETE FROM messages", []).await?;
        assert_eq!(socket.next_data("messageEvents").await?["kind"], "DELETED");
    }
    Ok(())
}

#[tokio::test]
async fn a_client_resuming_with_after_gets_everything_once_and_in_order() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let conversation = group(&app, alice.id, &[]).await?;
    let mut socket = follow_from_start(&app, TRANSPORT_WS, &alice.token, conversation).await?;
    say(&app, conversation, alice.id, "one").await?;
    say(&app, conversation, alice.id, "two").await?;
    socket.next_data("messageEvents").await?;
    let cursor = socket.next_data("messageEvents").await?["cursor"].clone();
    drop(socket);
    // Written while the client was away.
    say(&app, conversation, alice.id, "three").await?;
    say(&app, conversation, alice.id, "four").await?;

    let mut socket = Socket::connect(app.address, TRANSPORT_WS, Some(&alice.token)).await?;
    socket
        .start("1", MESSAGES, json!({ "c": conversation, "after": cursor }))
        .await?;
    assert_eq!(event(&socket.next_data("messageEvents").await?).1, "three");
    assert_eq!(event(&socket.next_data("messageEvents").await?).1, "four");
    say(&app, conversation, alice.id, "five").await?;
    assert_eq!(event(&socket.next_data("messageEvents").await?).1, "five");
    Ok(())
}

/// More than one write's worth of frames (the socket writes up to 64 frames a flush).
const BURST: usize = 200;

#[tokio::test]
async fn a_burst_committed_at_once_arrives_whole_and_in_order_over_both_protocols() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    for protocol in [TRANSPORT_WS, LEGACY_WS] {
        let conversation = group(&app, alice.id, &[]).await?;
        let mut socket = follow_from_start(&app, protocol, &alice.token, conversation).await?;
        // One statement: every event is ready at once, and the socket writes them in batches.
        app.exec(
            "INSERT INTO messages (conversation_id, sender_id, body) \
             SELECT $1, $2, 'burst ' || i FROM generate_series(1, $3) AS i",
            [conversation.into(), alice.id.into(), (BURST as i32).into()],
        )
        .await?;
        for i in 1..=BURST {
            assert_eq!(
                event(&socket.next_data("messageEvents").await?),
                ("ADDED".into(), format!("burst {i}")),
                "{protocol}"
            );
        }
        // The socket is still live after the burst.
        say(&app, conversation, alice.id, "after the burst").await?;
        assert_eq!(
            event(&socket.next_data("messageEvents").await?).1,
            "after the burst"
        );
    }
    Ok(())
}

#[tokio::test]
async fn events_carry_related_rows_as_the_subscriber_sees_them() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    let conversation = group(&app, alice.id, &[bob.id]).await?;
    let mut socket = Socket::connect(app.address, TRANSPORT_WS, Some(&bob.token)).await?;
    socket
        .start(
            "1",
            "subscription($c: UUID!, $after: String) { messageEvents(conversationId: $c, after: $after) {
                message { body sender { username } conversation { title unreadCount } } } }",
            json!({ "c": conversation, "after": FROM_START }),
        )
        .await?;

    for (body, unread) in [("hi bob", 1), ("still there?", 2)] {
        say(&app, conversation, alice.id, body).await?;
        let message = &socket.next_data("messageEvents").await?["message"];
        assert_eq!(message["body"], body);
        assert_eq!(message["sender"]["username"], "alice");
        assert_eq!(message["conversation"]["title"], "team");
        // Alice's messages are unread for Bob, the subscriber the fields resolve as.
        assert_eq!(message["conversation"]["unreadCount"], unread);
    }
    // Each event's reads ran in their own transaction, ended before the frame was sent.
    let open = app
        .count(
            "SELECT count(*) FROM pg_stat_activity \
             WHERE datname = current_database() AND state LIKE 'idle in transaction%'",
            [],
        )
        .await?;
    assert_eq!(open, 0);
    Ok(())
}

#[tokio::test]
async fn outsiders_are_refused_and_removed_members_are_cut_off() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    let mallory = app.create_user("mallory").await?;
    let conversation = group(&app, alice.id, &[bob.id]).await?;

    let mut outsider = Socket::connect(app.address, TRANSPORT_WS, Some(&mallory.token)).await?;
    outsider
        .start("1", MESSAGES, json!({ "c": conversation }))
        .await?;
    assert_eq!(outsider.next_error_code().await?, "FORBIDDEN");

    let mut member = follow_from_start(&app, LEGACY_WS, &bob.token, conversation).await?;
    app.exec(
        "DELETE FROM conversation_members WHERE conversation_id = $1 AND user_id = $2",
        [conversation.into(), bob.id.into()],
    )
    .await?;
    assert_eq!(member.next_error_code().await?, "FORBIDDEN");
    member.expect_complete().await?;
    Ok(())
}

#[tokio::test]
async fn a_client_stopping_a_subscription_releases_it_and_keeps_its_socket() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    let conversation = group(&app, alice.id, &[bob.id]).await?;
    for protocol in [TRANSPORT_WS, LEGACY_WS] {
        let mut socket = Socket::connect(app.address, protocol, Some(&bob.token)).await?;
        socket
            .start("1", MESSAGES, json!({ "c": conversation }))
            .await?;
        app.wait_for_subscriptions(1).await?;
        socket.stop("1").await?;
        // The server acknowledges the stop (on both protocols) and forgets the operation.
        socket.expect_complete().await?;
        app.wait_for_subscriptions(0).await?;
        say(&app, conversation, alice.id, "nobody is listening").await?;
        // The next frame answers the query: nothing more came for the stopped operation.
        socket.start("2", "{ viewer { id } }", json!({})).await?;
        match socket.frame().await? {
            Frame::Next(value) => {
                assert_eq!(value["id"], "2", "{protocol}: {value}");
                assert_eq!(value["payload"]["data"]["viewer"]["id"], json!(bob.id));
            }
            other => bail!("{protocol}: expected the query's result, got {other:?}"),
        }
    }
    Ok(())
}

#[tokio::test]
async fn a_bad_token_closes_the_socket_with_the_protocols_code() -> Result<()> {
    let app = TestApp::spawn().await?;
    for protocol in [TRANSPORT_WS, LEGACY_WS] {
        let mut socket = Socket::open(app.address, protocol).await?;
        socket.init(Some("not-a-jwt")).await?;
        if protocol == LEGACY_WS {
            match socket.frame().await? {
                Frame::ConnectionError(message) => {
                    assert!(message.contains("malformed token"), "{message}");
                }
                other => bail!("expected a connection_error first, got {other:?}"),
            }
        }
        let (code, reason) = socket.expect_close().await?;
        assert_eq!(code, 4403, "{protocol}");
        assert!(reason.contains("malformed token"), "{protocol}: {reason}");
    }
    Ok(())
}

#[tokio::test]
async fn notifications_arrive_with_the_unread_count() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let mut socket = Socket::connect(app.address, TRANSPORT_WS, Some(&alice.token)).await?;
    socket
        .start(
            "1",
            "subscription($after: String) {
                notificationEvents(after: $after) { kind unreadCount notification { title } } }",
            json!({ "after": FROM_START }),
        )
        .await?;
    app.exec(
        "INSERT INTO notifications (user_id, title) VALUES ($1, 'welcome')",
        [alice.id.into()],
    )
    .await?;
    let created = socket.next_data("notificationEvents").await?;
    assert_eq!(
        created,
        json!({ "kind": "CREATED", "unreadCount": 1, "notification": { "title": "welcome" } })
    );
    app.exec("UPDATE notifications SET is_read = true", [])
        .await?;
    let read = socket.next_data("notificationEvents").await?;
    assert_eq!(
        (read["kind"].clone(), read["unreadCount"].clone()),
        (json!("READ"), json!(0))
    );
    Ok(())
}

#[tokio::test]
async fn job_progress_starts_with_the_current_state_and_completes_at_the_end() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    let worker = app.token(None, Role::ServiceRole)?;
    let job = app
        .query(
            Some(&alice.token),
            "mutation { enqueueJob(type: \"export_data\") { id } }",
            json!({}),
        )
        .await?["enqueueJob"]["id"]
        .clone();
    let feed = "subscription($j: UUID!) { jobProgress(jobId: $j) { kind status progress progressMessage } }";

    let mut stranger = Socket::connect(app.address, TRANSPORT_WS, Some(&bob.token)).await?;
    stranger.start("1", feed, json!({ "j": job })).await?;
    assert_eq!(stranger.next_error_code().await?, "FORBIDDEN");

    let mut socket = Socket::connect(app.address, TRANSPORT_WS, Some(&alice.token)).await?;
    socket.start("1", feed, json!({ "j": job })).await?;
    let current = socket.next_data("jobProgress").await?;
    assert_eq!(
        (current["kind"].clone(), current["status"].clone()),
        (json!("CURRENT"), json!("QUEUED"))
    );
    app.query(Some(&worker), "mutation { claimJob { id } }", json!({}))
        .await?;
    assert_eq!(socket.next_data("jobProgress").await?["status"], "RUNNING");
    // A worker writing plain SQL drives the feed the same way.
    app.exec(
        "UPDATE jobs SET progress = 60, progress_message = 'halfway'",
        [],
    )
    .await?;
    let progress = socket.next_data("jobProgress").await?;
    assert_eq!(
        progress,
        json!({ "kind": "PROGRESS", "status": "RUNNING", "progress": 60, "progressMessage": "halfway" })
    );
    app.query(
        Some(&worker),
        "mutation($j: UUID!) { completeJob(jobId: $j) { id } }",
        json!({ "j": job }),
    )
    .await?;
    assert_eq!(
        socket.next_data("jobProgress").await?["status"],
        "SUCCEEDED"
    );
    socket.expect_complete().await?;
    Ok(())
}
