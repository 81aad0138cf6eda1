//! Shared execution of live feeds: identical subscriptions, however many sockets and readers
//! hold them, are resolved once per event when what they read is the same for everyone (as
//! the database's policies say), while readers never share what row-level security shows
//! each of them differently; each reader is still checked when subscribing and told alone
//! when removed, and a tab that stops reading is cut off alone. Writes come from a separate
//! SQL connection, as from outside the gateway.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::common;
use crate::realtime::{group, say};

use anyhow::{Context as _, Result, ensure};
use common::TestApp;
use common::socket::{Socket, TRANSPORT_WS};
use serde_json::{Value, json};
use switchyard_core::config::Limits;
use switchyard_core::db::policies::ViewerIndependent;
use uuid::Uuid;

/// What a chat client renders: the message and its sender, a row of another table.
const WITH_SENDER: &str = "subscription($c: UUID!) {
    messageEvents(conversationId: $c) { kind message { body sender { username } } } }";

/// A field whose value depends on who asks: messages from others the viewer has not read.
const WITH_UNREAD: &str = "subscription($c: UUID!) {
    messageEvents(conversationId: $c) { kind message { body conversation { unreadCount } } } }";

/// How many subscriptions the server serves: shared, and executions following a topic.
struct Served {
    shared: u64,
    executions: u64,
}

/// A socket per token of `tokens`, each following `conversation` with `document`, once the
/// server serves them all (`then` being served in all).
async fn followers(
    app: &TestApp,
    tokens: &[&str],
    conversation: Uuid,
    document: &str,
    then: Served,
) -> Result<Vec<Socket>> {
    let mut sockets = Vec::new();
    for token in tokens {
        let mut socket = Socket::connect(app.address, TRANSPORT_WS, Some(token)).await?;
        socket
            .start("feed", document, json!({ "c": conversation }))
            .await?;
        sockets.push(socket);
    }
    app.wait_for_shared_subscriptions(then.shared).await?;
    app.wait_for_subscriptions(then.executions).await?;
    Ok(sockets)
}

fn served(shared: u64, executions: u64) -> Served {
    Served { shared, executions }
}

/// Alice says `bodies`; every socket receives each as ADDED with Alice as sender, in order.
/// Returns the SQL statements the server issued meanwhile.
async fn statements_for(
    app: &TestApp,
    conversation: Uuid,
    alice: Uuid,
    sockets: &mut [Socket],
    bodies: &[&str],
) -> Result<u64> {
    let before = app.statements();
    for body in bodies {
        say(app, conversation, alice, body).await?;
    }
    for socket in sockets.iter_mut() {
        for body in bodies {
            let event = socket.next_data("messageEvents").await?;
            assert_eq!(event["kind"], "ADDED");
            assert_eq!(event["message"]["body"], *body);
            assert_eq!(event["message"]["sender"]["username"], "alice");
        }
    }
    Ok(app.statements() - before)
}

#[tokio::test]
async fn twenty_readers_with_the_sender_cost_the_statements_of_one() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let mut readers = Vec::new();
    for n in 0..20 {
        readers.push(app.create_user(&format!("reader{n}")).await?);
    }
    let ids: Vec<Uuid> = readers.iter().map(|reader| reader.id).collect();
    let conversation = group(&app, alice.id, &ids).await?;
    let tokens: Vec<&str> = readers.iter().map(|reader| reader.token.as_str()).collect();
    let bodies = ["one", "two", "three"];

    let mut first = followers(&app, &tokens[..1], conversation, WITH_SENDER, served(1, 1)).await?;
    let one_reader = statements_for(&app, conversation, alice.id, &mut first, &bodies).await?;
    // Profiles read alike for everyone signed in, so the nineteen others join its execution.
    let mut all = followers(&app, &tokens[1..], conversation, WITH_SENDER, served(20, 1)).await?;
    all.append(&mut first);
    let twenty_readers = statements_for(&app, conversation, alice.id, &mut all, &bodies).await?;

    // Resolved per subscriber, each event would cost a transaction per reader (20 times
    // one reader's). The slack covers the listener reading the three events in one
    // statement or three, and the sweeper's round should it fall in between.
    ensure!(
        twenty_readers <= one_reader + 4,
        "one reader: {one_reader} statements for {} events, twenty: {twenty_readers}",
        bodies.len()
    );
    Ok(())
}

#[tokio::test]
async fn readers_sharing_an_execution_are_each_checked_and_told_alone_when_removed() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    let carol = app.create_user("carol").await?;
    let stranger = app.create_user("mallory").await?;
    let conversation = group(&app, alice.id, &[bob.id, carol.id]).await?;
    // Alice's subscription starts the execution (it reads as her); Bob and Carol join it.
    let tokens = [
        alice.token.as_str(),
        bob.token.as_str(),
        carol.token.as_str(),
    ];
    let mut sockets = followers(&app, &tokens, conversation, WITH_SENDER, served(3, 1)).await?;

    // The same request from someone who may not follow the conversation is refused.
    let mut outsider = Socket::connect(app.address, TRANSPORT_WS, Some(&stranger.token)).await?;
    outsider
        .start("feed", WITH_SENDER, json!({ "c": conversation }))
        .await?;
    assert_eq!(outsider.next_error_code().await?, "FORBIDDEN");
    outsider.expect_complete().await?;

    // Alice leaves: she alone is told, and the others' feed goes on without her.
    app.exec(
        "DELETE FROM conversation_members WHERE conversation_id = $1 AND user_id = $2",
        [conversation.into(), alice.id.into()],
    )
    .await?;
    let error = sockets[0].next_payload().await?["errors"][0].clone();
    assert_eq!(error["extensions"], json!({ "code": "FORBIDDEN" }));
    assert_eq!(error["message"], "you were removed from this conversation");
    sockets[0].expect_complete().await?;
    say(&app, conversation, bob.id, "without alice").await?;
    for socket in &mut sockets[1..] {
        let event = socket.next_data("messageEvents").await?;
        assert_eq!(event["message"]["body"], "without alice");
        assert_eq!(event["message"]["sender"]["username"], "bob");
    }
    app.wait_for_shared_subscriptions(2).await?;
    Ok(())
}

#[tokio::test]
async fn only_tables_whose_policies_ignore_the_viewer_are_read_alike() -> Result<()> {
    let app = TestApp::spawn().await?;
    let tables = ViewerIndependent::load(&app.db).await?;
    assert!(
        tables.contains("profiles"),
        "profiles_select_public is USING (true)"
    );
    for private in [
        "messages",
        "conversations",
        "conversation_members",
        "notifications",
    ] {
        assert!(!tables.contains(private), "{private} depends on the viewer");
    }
    // A policy that starts to depend on the viewer takes the table out.
    app.exec(
        "ALTER POLICY profiles_select_public ON public.profiles USING (auth.uid() IS NOT NULL)",
        [],
    )
    .await?;
    assert!(!ViewerIndependent::load(&app.db).await?.contains("profiles"));
    Ok(())
}

#[tokio::test]
async fn readers_stop_sharing_when_a_policy_change_makes_what_they_read_private() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    let conversation = group(&app, alice.id, &[bob.id]).await?;
    let tokens = [alice.token.as_str(), bob.token.as_str()];
    let document = "subscription($c: UUID!, $after: String) {
        messageEvents(conversationId: $c, after: $after) { cursor kind message { body sender { username } } } }";
    let mut sockets = followers(&app, &tokens, conversation, document, served(2, 1)).await?;
    say(&app, conversation, alice.id, "before").await?;
    let mut cursors = Vec::new();
    for socket in &mut sockets {
        let event = socket.next_data("messageEvents").await?;
        assert_eq!(event["message"]["sender"]["username"], "alice");
        cursors.push(event["cursor"].clone());
    }

    // Profiles become private to their owner while both follow the feed: the execution
    // they share, which reads senders as Alice, may no longer serve Bob.
    app.exec(
        "ALTER POLICY profiles_select_public ON public.profiles USING (id = auth.uid())",
        [],
    )
    .await?;
    app.wait_for_metric("switchyard_policy_changes_total", 1)
        .await?;
    say(&app, conversation, alice.id, "after").await?;
    for socket in &mut sockets {
        let error = socket.next_payload().await?["errors"][0].clone();
        assert_eq!(error["extensions"]["code"], "CONFLICT");
        let message = error["message"].as_str().unwrap_or_default();
        assert!(message.contains("policies"), "{message}");
        assert!(message.contains("`after`"), "{message}");
        socket.expect_complete().await?;
    }

    // Resuming from their cursors, each reads as themselves: Alice sees her own profile,
    // Bob no longer sees hers, and nothing was lost.
    for (socket, cursor) in sockets.iter_mut().zip(&cursors) {
        socket
            .start(
                "resume",
                document,
                json!({ "c": conversation, "after": cursor }),
            )
            .await?;
    }
    let alices = sockets[0].next_data("messageEvents").await?;
    assert_eq!(alices["message"]["body"], "after");
    assert_eq!(alices["message"]["sender"]["username"], "alice");
    let bobs = sockets[1].next_data("messageEvents").await?;
    assert_eq!(bobs["message"]["body"], "after");
    assert_eq!(bobs["message"]["sender"], Value::Null);
    Ok(())
}

#[tokio::test]
async fn a_reader_arriving_after_a_policy_change_starts_a_new_shared_execution() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    let carol = app.create_user("carol").await?;
    let conversation = group(&app, alice.id, &[bob.id, carol.id]).await?;
    let tokens = [alice.token.as_str(), bob.token.as_str()];
    let mut first = followers(&app, &tokens, conversation, WITH_SENDER, served(2, 1)).await?;

    // A policy of a table the feed does not read changes; profiles still read alike.
    app.exec(
        "ALTER POLICY job_types_select_all ON public.job_types USING (auth.uid() IS NOT NULL)",
        [],
    )
    .await?;
    app.wait_for_metric("switchyard_policy_changes_total", 1)
        .await?;

    // Carol's identical request does not join the execution formed under the old policies:
    // that one ends at once, its readers told to resume, and Carol's starts afresh.
    let mut carols = followers(
        &app,
        &[&carol.token],
        conversation,
        WITH_SENDER,
        served(1, 1),
    )
    .await?;
    for socket in &mut first {
        let error = socket.next_payload().await?["errors"][0].clone();
        assert_eq!(error["extensions"]["code"], "CONFLICT");
        socket.expect_complete().await?;
    }
    say(&app, conversation, alice.id, "hello carol").await?;
    let event = carols[0].next_data("messageEvents").await?;
    assert_eq!(event["message"]["body"], "hello carol");
    assert_eq!(event["message"]["sender"]["username"], "alice");
    Ok(())
}

#[tokio::test]
async fn readers_never_share_what_row_level_security_shows_each_of_them() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    let stranger = app.create_user("mallory").await?;
    let conversation = group(&app, alice.id, &[bob.id]).await?;
    let mut alices = followers(
        &app,
        &[&alice.token],
        conversation,
        WITH_UNREAD,
        served(1, 1),
    )
    .await?;
    // One execution per reader: Alice's, and Bob's for his two tabs.
    let bob_tabs = [bob.token.as_str(), bob.token.as_str()];
    let mut bobs = followers(&app, &bob_tabs, conversation, WITH_UNREAD, served(3, 2)).await?;

    // The same request from someone who may not follow the conversation is refused, though
    // an execution of it is running.
    let mut outsider = Socket::connect(app.address, TRANSPORT_WS, Some(&stranger.token)).await?;
    outsider
        .start("feed", WITH_UNREAD, json!({ "c": conversation }))
        .await?;
    assert_eq!(outsider.next_error_code().await?, "FORBIDDEN");

    say(&app, conversation, alice.id, "hi bob").await?;
    let unread = |event: &Value| event["message"]["conversation"]["unreadCount"].clone();
    let hers = alices[0].next_data("messageEvents").await?;
    assert_eq!(hers["message"]["body"], "hi bob");
    assert_eq!(unread(&hers), 0, "her own message is not unread for Alice");
    for socket in &mut bobs {
        let his = socket.next_data("messageEvents").await?;
        assert_eq!(his["message"]["body"], "hi bob");
        assert_eq!(unread(&his), 1, "Bob has not read it");
    }

    // Bob removed: both his tabs are told, Alice's feed carries on.
    app.exec(
        "DELETE FROM conversation_members WHERE conversation_id = $1 AND user_id = $2",
        [conversation.into(), bob.id.into()],
    )
    .await?;
    for socket in &mut bobs {
        assert_eq!(socket.next_error_code().await?, "FORBIDDEN");
        socket.expect_complete().await?;
    }
    say(&app, conversation, alice.id, "still here").await?;
    let hers = alices[0].next_data("messageEvents").await?;
    assert_eq!(hers["message"]["body"], "still here");
    app.wait_for_shared_subscriptions(1).await?;
    Ok(())
}

#[tokio::test]
async fn a_tab_that_stops_reading_is_cut_off_alone_while_its_twin_gets_everything() -> Result<()> {
    let app = TestApp::spawn_with(Limits {
        subscriber_buffer: 16,
        ..Limits::default()
    })
    .await?;
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    let conversation = group(&app, alice.id, &[bob.id]).await?;
    let bob_tabs = [bob.token.as_str(), bob.token.as_str()];
    let mut tabs = followers(&app, &bob_tabs, conversation, WITH_SENDER, served(2, 1)).await?;
    let (mut reading, mut stalled) = (tabs.pop().context("a tab")?, tabs.pop().context("a tab")?);
    let read = Arc::new(AtomicUsize::new(0));
    let reader = tokio::spawn({
        let read = Arc::clone(&read);
        async move {
            let mut bodies = Vec::new();
            loop {
                let event = reading.next_data("messageEvents").await?;
                match event["message"]["body"].as_str() {
                    Some("still here") => return anyhow::Ok(bodies),
                    body => bodies.push(body.unwrap_or_default().to_owned()),
                }
                read.fetch_add(1, Ordering::Release);
            }
        }
    });

    // One tab stops reading. Large messages fill its socket, then its 16-event buffer; the
    // other reads each batch before the next is written, as a client that keeps up.
    let big = "x".repeat(8_000);
    let mut sent = 0;
    while app
        .metric("switchyard_realtime_shared_subscriptions")
        .await?
        > 1
    {
        ensure!(sent < 20_000, "the stalled tab was never cut off");
        for _ in 0..8 {
            say(&app, conversation, alice.id, &big).await?;
            sent += 1;
        }
        while read.load(Ordering::Acquire) < sent {
            ensure!(!reader.is_finished(), "the reading tab stopped");
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
    }
    say(&app, conversation, alice.id, "still here").await?;

    // The other tab, served by the same execution, got every message.
    let bodies = reader.await??;
    assert_eq!(bodies.len(), sent);
    assert!(bodies.iter().all(|body| *body == big));
    // The stalled one finds what was on its way, then why it ended.
    let mut delivered = 0;
    let error = loop {
        let payload = stalled.next_payload().await?;
        if let Some(errors) = payload.get("errors").filter(|errors| !errors.is_null()) {
            break errors[0].clone();
        }
        delivered += 1;
    };
    ensure!(delivered < sent, "delivered {delivered} of {sent}");
    assert_eq!(error["extensions"]["code"], "CONFLICT");
    assert_eq!(error["path"], json!(["messageEvents"]));
    let message = error["message"].as_str().unwrap_or_default();
    assert!(message.contains("fell behind"), "{message}");
    stalled.expect_complete().await?;
    assert_eq!(app.metric("switchyard_realtime_cut_off_total").await?, 1);
    Ok(())
}

/// A schema change holding a table (a migration's `ALTER TABLE`) keeps no connection of the
/// policy watch waiting behind it: reading a policy opens its table, so each read gives up
/// on the lock within a moment and is tried at the next tick. Once the table is free, the
/// watch reads the policies again and notices a change.
#[tokio::test]
async fn the_policy_watch_does_not_wait_behind_a_locked_table() -> Result<()> {
    use sea_orm::{ConnectionTrait as _, TransactionTrait as _};

    let app = TestApp::spawn().await?;
    let schema_change = app.db.begin().await?;
    schema_change
        .execute_unprepared("LOCK TABLE public.posts IN ACCESS EXCLUSIVE MODE")
        .await?;
    // Two ticks of the watch and more.
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let waiting_long = app
        .count(
            "SELECT count(*) FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock'
               AND query LIKE '%pg_policies%' AND now() - query_start > interval '1 second'",
            [],
        )
        .await?;
    schema_change.rollback().await?;
    assert_eq!(waiting_long, 0, "a read of the policies waited on the lock");

    app.exec(
        "ALTER POLICY job_types_select_all ON public.job_types USING (auth.uid() IS NOT NULL)",
        [],
    )
    .await?;
    app.wait_for_metric("switchyard_policy_changes_total", 1)
        .await?;
    Ok(())
}
