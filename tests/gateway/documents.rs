//! Collaborative documents over real WebSockets, with documents built by yrs (the Yjs
//! algorithm in Rust): editors' updates relayed to everyone in the session, a late joiner
//! starting from the merged document (followers joining together merge it once), edits
//! written outside the gateway, resuming with `after`, and the refusals: viewers writing,
//! strangers following, a removed participant, bytes that are not an update, and an update
//! nested deep enough to overflow a decoder's stack, which the server survives.
//! `tests/clients/yjs.mjs` does the same with the `yjs` npm package (`clients.rs`).

use crate::common;

use anyhow::{Context as _, Result};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use common::socket::{Socket, TRANSPORT_WS};
use common::{TestApp, TestUser};
use serde_json::{Value, json};
use uuid::Uuid;
use yrs::updates::decoder::Decode as _;
use yrs::{Doc, GetString as _, Text as _, Transact as _, Update};

const EDITS: &str = "subscription($s: UUID!, $after: String) {
    collaborationEdits(sessionId: $s, after: $after) { cursor kind update edit { userId } } }";
const APPLY: &str = "mutation($s: UUID!, $u: String!) {
    applyCollaborationEdit(sessionId: $s, update: $u) { userId } }";

/// A session owned by `owner`, with `editor` editing and `viewer` viewing it.
pub(crate) async fn session(
    app: &TestApp,
    owner: &TestUser,
    editor: &TestUser,
    viewer: &TestUser,
) -> Result<Uuid> {
    let session = app
        .insert_returning_id(
            "INSERT INTO collaboration_sessions (owner_id, title) VALUES ($1, 'notes') RETURNING id",
            [owner.id.into()],
        )
        .await?;
    app.exec(
        "INSERT INTO collaboration_participants (session_id, user_id, role) \
         VALUES ($1, $2, 'editor'), ($1, $3, 'viewer')",
        [session.into(), editor.id.into(), viewer.id.into()],
    )
    .await?;
    Ok(session)
}

/// Alice owning a session that Bob edits and Carol views.
async fn cast(app: &TestApp) -> Result<(TestUser, TestUser, TestUser, Uuid)> {
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    let carol = app.create_user("carol").await?;
    let session = session(app, &alice, &bob, &carol).await?;
    Ok((alice, bob, carol, session))
}

/// `updates` appended to the session's document by `user` in one SQL statement, as a
/// worker would.
async fn write_edits(app: &TestApp, session: Uuid, user: Uuid, updates: Vec<String>) -> Result<()> {
    app.exec(
        "INSERT INTO collaboration_edits (session_id, user_id, operation) \
         SELECT $1, $2, jsonb_build_object('yjs', update) FROM unnest($3::text[]) AS update",
        [session.into(), user.into(), updates.into()],
    )
    .await
}

/// A Yjs document's text, as an editor holds it.
struct Editor {
    doc: Doc,
}

impl Editor {
    fn new() -> Self {
        Self { doc: Doc::new() }
    }

    /// Types `chunk` at `index`; returns the update to send (base64).
    fn type_at(&self, index: u32, chunk: &str) -> String {
        let body = self.doc.get_or_insert_text("body");
        let mut txn = self.doc.transact_mut();
        body.insert(&mut txn, index, chunk);
        STANDARD.encode(txn.encode_update_v1())
    }

    /// Applies an update received from the feed.
    fn apply(&self, update: &Value) -> Result<()> {
        let bytes = STANDARD.decode(update.as_str().context("the update is not text")?)?;
        self.doc
            .transact_mut()
            .apply_update(Update::decode_v1(&bytes)?)?;
        Ok(())
    }

    fn text(&self) -> String {
        let body = self.doc.get_or_insert_text("body");
        body.get_string(&self.doc.transact())
    }
}

/// Follows the session's document as `user`.
async fn follow(
    app: &TestApp,
    user: &TestUser,
    session: Uuid,
    after: Option<&str>,
) -> Result<Socket> {
    let mut socket = Socket::connect(app.address, TRANSPORT_WS, Some(&user.token)).await?;
    socket
        .start("d", EDITS, json!({ "s": session, "after": after }))
        .await?;
    Ok(socket)
}

/// The next event, applied to `editor`; returns it.
async fn receive(socket: &mut Socket, editor: &Editor) -> Result<Value> {
    let event = socket.next_data("collaborationEdits").await?;
    editor.apply(&event["update"])?;
    Ok(event)
}

#[tokio::test]
async fn editors_see_each_others_edits_and_a_late_joiner_starts_from_the_merged_document()
-> Result<()> {
    let app = TestApp::spawn().await?;
    let (alice, bob, carol, session) = cast(&app).await?;

    // Alice (the owner) and Bob (an editor) open the empty document.
    let (alice_doc, bob_doc) = (Editor::new(), Editor::new());
    let mut alice_socket = follow(&app, &alice, session, None).await?;
    let mut bob_socket = follow(&app, &bob, session, None).await?;
    for (socket, doc) in [(&mut alice_socket, &alice_doc), (&mut bob_socket, &bob_doc)] {
        let snapshot = receive(socket, doc).await?;
        assert_eq!(snapshot["kind"], "SNAPSHOT");
        assert_eq!(snapshot["edit"], Value::Null);
        assert_eq!(doc.text(), "");
    }

    // Alice types; both receive her edit, signed with her id.
    let hello = alice_doc.type_at(0, "Hello");
    let applied = app
        .query(
            Some(&alice.token),
            APPLY,
            json!({ "s": session, "u": hello }),
        )
        .await?;
    assert_eq!(applied["applyCollaborationEdit"]["userId"], json!(alice.id));
    for (socket, doc) in [(&mut alice_socket, &alice_doc), (&mut bob_socket, &bob_doc)] {
        let event = receive(socket, doc).await?;
        assert_eq!(event["kind"], "UPDATE");
        assert_eq!(event["update"], json!(hello));
        assert_eq!(event["edit"]["userId"], json!(alice.id));
    }

    // Bob types after it through the API; a worker appends his next update with plain SQL.
    let world = bob_doc.type_at(5, " world");
    app.query(Some(&bob.token), APPLY, json!({ "s": session, "u": world }))
        .await?;
    let bang = bob_doc.type_at(11, "!");
    app.exec(
        "INSERT INTO collaboration_edits (session_id, user_id, operation) \
         VALUES ($1, $2, jsonb_build_object('yjs', $3::text))",
        [session.into(), bob.id.into(), bang.into()],
    )
    .await?;
    for _ in 0..2 {
        receive(&mut alice_socket, &alice_doc).await?;
    }
    assert_eq!(alice_doc.text(), "Hello world!");

    // Carol, a viewer, joins late: one snapshot holds the whole document.
    let carol_doc = Editor::new();
    let mut carol_socket = follow(&app, &carol, session, None).await?;
    let snapshot = receive(&mut carol_socket, &carol_doc).await?;
    assert_eq!(snapshot["kind"], "SNAPSHOT");
    assert_eq!(carol_doc.text(), "Hello world!");

    // She may read it, not write it.
    let scribble = carol_doc.type_at(0, "x");
    assert_eq!(
        app.error_code(
            Some(&carol.token),
            APPLY,
            json!({ "s": session, "u": scribble })
        )
        .await?,
        "FORBIDDEN"
    );
    let edits = app
        .count(
            "SELECT count(*) FROM collaboration_edits WHERE session_id = $1",
            [session.into()],
        )
        .await?;
    assert_eq!(edits, 3);
    Ok(())
}

#[tokio::test]
async fn a_subscriber_resumes_after_its_cursor_and_is_cut_off_once_removed() -> Result<()> {
    let app = TestApp::spawn().await?;
    let (alice, bob, _carol, session) = cast(&app).await?;
    let mallory = app.create_user("mallory").await?;
    let (alice_doc, bob_doc) = (Editor::new(), Editor::new());

    // A stranger may not follow the document.
    let mut stranger = follow(&app, &mallory, session, None).await?;
    assert_eq!(stranger.next_error_code().await?, "FORBIDDEN");

    let mut bob_socket = follow(&app, &bob, session, None).await?;
    receive(&mut bob_socket, &bob_doc).await?;
    let first = alice_doc.type_at(0, "one");
    app.query(
        Some(&alice.token),
        APPLY,
        json!({ "s": session, "u": first }),
    )
    .await?;
    let cursor = receive(&mut bob_socket, &bob_doc).await?["cursor"].clone();
    bob_socket.close().await?;

    // Two edits while Bob is away; he comes back with his last cursor and gets just those.
    for chunk in [" two", " three"] {
        let at = u32::try_from(alice_doc.text().len())?;
        let update = alice_doc.type_at(at, chunk);
        app.query(
            Some(&alice.token),
            APPLY,
            json!({ "s": session, "u": update }),
        )
        .await?;
    }
    let mut bob_socket = follow(&app, &bob, session, cursor.as_str()).await?;
    for _ in 0..2 {
        assert_eq!(receive(&mut bob_socket, &bob_doc).await?["kind"], "UPDATE");
    }
    assert_eq!(bob_doc.text(), "one two three");

    // Alice removes Bob from the session: his feed ends with the reason.
    app.exec(
        "DELETE FROM collaboration_participants WHERE session_id = $1 AND user_id = $2",
        [session.into(), bob.id.into()],
    )
    .await?;
    assert_eq!(bob_socket.next_error_code().await?, "FORBIDDEN");
    bob_socket.expect_complete().await?;
    Ok(())
}

/// A valid update of one block whose content is a value nested `depth` arrays deep: two
/// bytes of input per level, so the largest accepted update nests about 65,000 deep.
fn nested_update(depth: usize) -> Vec<u8> {
    // One client (1) with one block at clock 0, a ContentAny (8) in the root type "t",
    // holding one value.
    let mut bytes = vec![1, 1, 1, 0, 8, 1, 1, b't', 1];
    for _ in 0..depth {
        bytes.extend([117, 1]);
    }
    // null at the bottom; an empty delete set.
    bytes.extend([126, 0]);
    bytes
}

#[tokio::test]
async fn updates_that_are_not_yjs_are_refused_and_a_deeply_nested_one_cannot_crash_the_server()
-> Result<()> {
    let app = TestApp::spawn().await?;
    let (alice, bob, carol, session) = cast(&app).await?;

    let too_large = STANDARD.encode(vec![0_u8; 128 * 1024 + 1]);
    let not_yjs = STANDARD.encode(b"{\"insert\": \"hello\"} and then some bytes \xff\xfe");
    for update in ["not base64!", not_yjs.as_str(), too_large.as_str()] {
        let (_, body) = app
            .post_graphql(
                Some(&alice.token),
                APPLY,
                json!({ "s": session, "u": update }),
            )
            .await?;
        let error = &body["errors"][0];
        assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT", "{body}");
        assert_eq!(error["extensions"]["field"], "update", "{body}");
    }
    let edits = app
        .count(
            "SELECT count(*) FROM collaboration_edits WHERE session_id = $1",
            [session.into()],
        )
        .await?;
    assert_eq!(edits, 0, "nothing refused was written");

    // Decoding this recurses 65,000 levels deep: on a request's own thread it would overflow
    // the stack and abort the process. It is a valid update, so it is kept.
    let deep = STANDARD.encode(nested_update(65_000));
    let applied = app
        .query(
            Some(&alice.token),
            APPLY,
            json!({ "s": session, "u": deep }),
        )
        .await?;
    assert_eq!(applied["applyCollaborationEdit"]["userId"], json!(alice.id));
    // A late joiner's snapshot decodes and merges it again.
    let mut socket = follow(&app, &bob, session, None).await?;
    let snapshot = socket.next_data("collaborationEdits").await?;
    assert_eq!(snapshot["kind"], "SNAPSHOT");
    assert!(
        snapshot["update"]
            .as_str()
            .is_some_and(|update| update.len() > 100_000),
        "the snapshot holds the nested value"
    );
    // Enough edits after it for the next joiner to store a snapshot, which, holding the
    // nested value, is larger than any one update may be: a later joiner still gets it.
    let keystrokes: Vec<String> = (0..100).map(|_| Editor::new().type_at(0, "k")).collect();
    write_edits(&app, session, alice.id, keystrokes).await?;
    for joiner in [&bob, &carol] {
        let mut socket = follow(&app, joiner, session, None).await?;
        let snapshot = socket.next_data("collaborationEdits").await?;
        assert!(
            snapshot["update"]
                .as_str()
                .is_some_and(|update| update.len() > 170_000),
            "the snapshot holds the nested value"
        );
    }
    let stored = app
        .count(
            "SELECT count(*) FROM realtime.document_snapshots WHERE session_id = $1",
            [session.into()],
        )
        .await?;
    assert_eq!(stored, 1);
    let viewer = app
        .query(Some(&alice.token), "{ viewer { id } }", json!({}))
        .await?;
    assert_eq!(
        viewer["viewer"]["id"],
        json!(alice.id),
        "the server still answers"
    );
    Ok(())
}

#[tokio::test]
async fn a_long_history_is_compacted_into_a_stored_snapshot_that_later_joiners_start_from()
-> Result<()> {
    let app = TestApp::spawn().await?;
    let (alice, bob, carol, session) = cast(&app).await?;

    // 150 keystrokes, written by a worker in one statement.
    let editor = Editor::new();
    let keystrokes: Vec<String> = (0..150)
        .map(|at| editor.type_at(at, if at % 2 == 0 { "a" } else { "b" }))
        .collect();
    write_edits(&app, session, alice.id, keystrokes).await?;
    let stored =
        "SELECT count(*) FROM realtime.document_snapshots WHERE session_id = $1 AND seq = $2";
    assert_eq!(
        app.count(stored, [session.into(), 150_i64.into()]).await?,
        0
    );

    // The first joiner merges the 150 edits and stores the result.
    let first = Editor::new();
    let mut socket = follow(&app, &bob, session, None).await?;
    receive(&mut socket, &first).await?;
    assert_eq!(first.text(), editor.text());
    assert_eq!(
        app.count(stored, [session.into(), 150_i64.into()]).await?,
        1
    );

    // The history could now be pruned: the snapshot holds it.
    app.exec(
        "DELETE FROM collaboration_edits WHERE session_id = $1",
        [session.into()],
    )
    .await?;
    // Resuming from before the pruned edits cannot be done edit by edit: the subscriber is
    // told to start from the snapshot.
    let mut stale = follow(&app, &bob, session, Some("cnQ6MA")).await?;
    assert_eq!(stale.next_error_code().await?, "CONFLICT");
    // One more edit; a later joiner starts from the stored snapshot plus that edit.
    let last = editor.type_at(150, "!");
    app.query(
        Some(&alice.token),
        APPLY,
        json!({ "s": session, "u": last }),
    )
    .await?;
    let later = Editor::new();
    let mut socket = follow(&app, &carol, session, None).await?;
    receive(&mut socket, &later).await?;
    assert_eq!(later.text(), editor.text());
    assert_eq!(later.text().len(), 151);
    Ok(())
}

/// Followers joining while nobody types start from one merge of the document, each with the
/// whole of it; once an edit has moved the session on, the next joiner merges again and
/// finds the edit in its snapshot.
#[tokio::test]
async fn followers_joining_while_nobody_types_share_one_merge_of_the_document() -> Result<()> {
    let app = TestApp::spawn().await?;
    let (alice, bob, carol, session) = cast(&app).await?;
    let doc = Editor::new();
    let typed = vec![doc.type_at(0, "Notes:"), doc.type_at(6, " one")];
    write_edits(&app, session, alice.id, typed).await?;
    let merges = "switchyard_realtime_derived_states_total";

    let mut sockets = Vec::new();
    for user in [&alice, &bob, &carol] {
        let mut socket = follow(&app, user, session, None).await?;
        let editor = Editor::new();
        let snapshot = receive(&mut socket, &editor).await?;
        assert_eq!(snapshot["kind"], "SNAPSHOT");
        assert_eq!(editor.text(), "Notes: one");
        sockets.push(socket);
    }
    assert_eq!(app.metric(merges).await?, 1, "three joiners, one merge");

    write_edits(&app, session, bob.id, vec![doc.type_at(10, " two")]).await?;
    for socket in &mut sockets {
        let update = socket.next_data("collaborationEdits").await?;
        assert_eq!(update["kind"], "UPDATE");
    }
    let mut late = follow(&app, &carol, session, None).await?;
    let editor = Editor::new();
    receive(&mut late, &editor).await?;
    assert_eq!(editor.text(), "Notes: one two");
    assert_eq!(
        app.metric(merges).await?,
        2,
        "the edit moved the session on"
    );
    Ok(())
}

/// What an editor renders beside the document: who made each edit, a row of another table.
const WITH_EDITOR: &str = "subscription($s: UUID!) {
    collaborationEdits(sessionId: $s) { cursor kind update edit { user { username } } } }";

/// `users` following the session's document with [`WITH_EDITOR`], each on a socket of its
/// own, once the server serves `shared` followers in all with `executions` executions.
async fn followers(
    app: &TestApp,
    users: &[&TestUser],
    session: Uuid,
    (shared, executions): (u64, u64),
) -> Result<Vec<Socket>> {
    let mut sockets = Vec::new();
    for user in users {
        let mut socket = Socket::connect(app.address, TRANSPORT_WS, Some(&user.token)).await?;
        socket
            .start("d", WITH_EDITOR, json!({ "s": session }))
            .await?;
        sockets.push(socket);
    }
    app.wait_for_shared_subscriptions(shared).await?;
    app.wait_for_subscriptions(executions).await?;
    Ok(sockets)
}

/// Alice types `chunks` at the end of `doc` (a worker writes each with plain SQL); every
/// socket receives each as an UPDATE signed by her, and its document reads like hers.
/// Returns the SQL statements the server issued meanwhile.
async fn statements_for(
    app: &TestApp,
    session: Uuid,
    alice: &TestUser,
    (doc, docs): (&Editor, &[Editor]),
    sockets: &mut [Socket],
    chunks: &[&str],
) -> Result<u64> {
    let before = app.statements();
    for chunk in chunks {
        let update = doc.type_at(u32::try_from(doc.text().len())?, chunk);
        write_edits(app, session, alice.id, vec![update]).await?;
    }
    for (socket, editor) in sockets.iter_mut().zip(docs) {
        for _ in chunks {
            let event = receive(socket, editor).await?;
            assert_eq!(event["kind"], "UPDATE");
            assert_eq!(event["edit"]["user"]["username"], "alice");
        }
        assert_eq!(editor.text(), doc.text());
    }
    Ok(app.statements() - before)
}

#[tokio::test]
async fn everyone_following_a_document_shares_one_execution_from_a_snapshot_of_their_own()
-> Result<()> {
    let app = TestApp::spawn().await?;
    let (alice, bob, carol, session) = cast(&app).await?;
    let mut readers = Vec::new();
    for n in 0..7 {
        let reader = app.create_user(&format!("reader{n}")).await?;
        app.exec(
            "INSERT INTO collaboration_participants (session_id, user_id, role) \
             VALUES ($1, $2, 'viewer')",
            [session.into(), reader.id.into()],
        )
        .await?;
        readers.push(reader);
    }
    let doc = Editor::new();
    write_edits(&app, session, alice.id, vec![doc.type_at(0, "Notes:")]).await?;

    // Alice follows alone first: her snapshot, then three edits.
    let mut sockets = followers(&app, &[&alice], session, (1, 1)).await?;
    let mut docs = vec![Editor::new()];
    receive(&mut sockets[0], &docs[0]).await?;
    let chunks = [" one", " two", " three"];
    let one = statements_for(&app, session, &alice, (&doc, &docs), &mut sockets, &chunks).await?;

    // Bob, Carol and seven readers join her execution (profiles read alike for all), each
    // starting from a snapshot of the document as it is when they arrive.
    let others: Vec<&TestUser> = [&bob, &carol].into_iter().chain(&readers).collect();
    let mut joined = followers(&app, &others, session, (10, 1)).await?;
    for socket in &mut joined {
        let editor = Editor::new();
        let snapshot = receive(socket, &editor).await?;
        assert_eq!(snapshot["kind"], "SNAPSHOT");
        assert_eq!(snapshot["edit"], Value::Null);
        assert_eq!(editor.text(), doc.text());
        docs.push(editor);
    }
    sockets.append(&mut joined);
    let ten = statements_for(&app, session, &alice, (&doc, &docs), &mut sockets, &chunks).await?;
    // Resolved per subscriber, each edit would cost a transaction per follower (ten times
    // one follower's). The slack covers the listener reading the edits in one statement or
    // three, and the sweeper's round should it fall in between.
    assert!(ten <= one + 4, "one follower: {one} statements, ten: {ten}");

    // Carol is removed: she alone is told, and the others' feed goes on without her.
    app.exec(
        "DELETE FROM collaboration_participants WHERE session_id = $1 AND user_id = $2",
        [session.into(), carol.id.into()],
    )
    .await?;
    let mut carols = sockets.remove(2);
    docs.remove(2);
    let error = carols.next_payload().await?["errors"][0].clone();
    assert_eq!(error["extensions"], json!({ "code": "FORBIDDEN" }));
    assert_eq!(
        error["message"],
        "you were removed from this collaboration session"
    );
    carols.expect_complete().await?;
    statements_for(
        &app,
        session,
        &alice,
        (&doc, &docs),
        &mut sockets,
        &[" four"],
    )
    .await?;
    app.wait_for_shared_subscriptions(9).await?;
    Ok(())
}

#[tokio::test]
async fn followers_joining_while_a_document_is_typed_get_each_edit_once_after_their_snapshot()
-> Result<()> {
    let app = TestApp::spawn().await?;
    let (alice, bob, carol, session) = cast(&app).await?;

    // A worker types 150 keystrokes, one statement each, while ten followers arrive.
    let typist = async {
        let doc = Editor::new();
        for at in 0..150 {
            write_edits(&app, session, alice.id, vec![doc.type_at(at, "x")]).await?;
            tokio::time::sleep(std::time::Duration::from_millis(3)).await;
        }
        anyhow::Ok(doc.text())
    };
    let arrivals = async {
        let mut sockets = Vec::new();
        for n in 0..10 {
            let user = [&alice, &bob, &carol][n % 3];
            let mut socket = Socket::connect(app.address, TRANSPORT_WS, Some(&user.token)).await?;
            socket
                .start("d", WITH_EDITOR, json!({ "s": session }))
                .await?;
            sockets.push(socket);
            tokio::time::sleep(std::time::Duration::from_millis(40)).await;
        }
        anyhow::Ok(sockets)
    };
    let (text, mut sockets) = tokio::try_join!(typist, arrivals)?;
    app.wait_for_shared_subscriptions(10).await?;
    app.wait_for_subscriptions(1).await?;

    // Each gets its snapshot, then exactly the edits committed after it, in order.
    for socket in &mut sockets {
        let editor = Editor::new();
        let snapshot = receive(socket, &editor).await?;
        assert_eq!(snapshot["kind"], "SNAPSHOT");
        let start = cursor_seq(&snapshot)?;
        let after: Vec<i64> = app
            .value(
                "SELECT coalesce(array_agg(seq ORDER BY seq), '{}') FROM collaboration_edits \
                 WHERE session_id = $1 AND seq > $2",
                [session.into(), start.into()],
            )
            .await?;
        let mut received = Vec::new();
        for _ in &after {
            received.push(cursor_seq(&receive(socket, &editor).await?)?);
        }
        assert_eq!(received, after, "the edits after the snapshot at {start}");
        assert_eq!(editor.text(), text);
    }
    Ok(())
}

/// The seq an event's cursor stands for.
fn cursor_seq(event: &Value) -> Result<i64> {
    let cursor = event["cursor"].as_str().context("no cursor")?;
    Ok(switchyard_core::realtime::decode_cursor(cursor)?)
}
