//! Collaboration presence over real WebSockets: joining, moving a cursor, leaving by closing
//! the socket, refusal of outsiders, several tabs of one user, and the stale sweeper that
//! every gateway process runs.

use crate::common;

use anyhow::Result;
use common::socket::{LEGACY_WS, Socket, TRANSPORT_WS};
use common::{TestApp, TestUser};
use serde_json::{Value, json};
use uuid::Uuid;

const PRESENCE: &str = "subscription($s: UUID!, $t: String) {
    presence(sessionId: $s, shareToken: $t) { cursor kind userId status participant { cursor } } }";
const UPDATE: &str = "mutation($s: UUID!, $cursor: JSON) {
    updatePresence(sessionId: $s, status: IDLE, cursor: $cursor) { status cursor } }";

/// A session owned by `owner`; returns its id and share token.
async fn session(app: &TestApp, owner: &TestUser) -> Result<(Uuid, String)> {
    let id = app
        .insert_returning_id(
            "INSERT INTO collaboration_sessions (owner_id, title) VALUES ($1, 'plan') RETURNING id",
            [owner.id.into()],
        )
        .await?;
    let data = app
        .query(
            Some(&owner.token),
            "query($id: UUID!) { collaborationSession(id: $id) { shareToken } }",
            json!({ "id": id }),
        )
        .await?;
    let token = data["collaborationSession"]["shareToken"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    Ok((id, token))
}

/// `(kind, user, status)` of a presence event.
fn who(event: &Value) -> (String, Value, String) {
    let text = |field: &str| event[field].as_str().unwrap_or_default().to_owned();
    (text("kind"), event["userId"].clone(), text("status"))
}

/// Opens a socket for `user` and follows the session's presence, which joins it.
async fn follow(
    app: &TestApp,
    protocol: &'static str,
    user: &TestUser,
    session: Uuid,
    share_token: Option<&str>,
) -> Result<Socket> {
    let mut socket = Socket::connect(app.address, protocol, Some(&user.token)).await?;
    socket
        .start("p", PRESENCE, json!({ "s": session, "t": share_token }))
        .await?;
    Ok(socket)
}

#[tokio::test]
async fn collaborators_see_each_other_join_move_their_cursor_and_leave() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    let (session, share_token) = session(&app, &alice).await?;

    // Alice, the owner, opens the document: she is the one present.
    let mut alice_socket = follow(&app, TRANSPORT_WS, &alice, session, None).await?;
    assert_eq!(
        who(&alice_socket.next_data("presence").await?),
        ("PRESENT".into(), json!(alice.id), "ONLINE".into())
    );

    // Bob follows the share link (legacy protocol): he sees Alice and himself, she sees him join.
    let mut bob_socket = follow(&app, LEGACY_WS, &bob, session, Some(&share_token)).await?;
    let mut present = vec![
        who(&bob_socket.next_data("presence").await?),
        who(&bob_socket.next_data("presence").await?),
    ];
    present.sort_by_key(|(_, user, _)| user.to_string());
    let mut expected = vec![
        ("PRESENT".into(), json!(alice.id), "ONLINE".into()),
        ("PRESENT".into(), json!(bob.id), "ONLINE".into()),
    ];
    expected.sort_by_key(|(_, user, _): &(String, Value, String)| user.to_string());
    assert_eq!(present, expected);
    assert_eq!(
        who(&alice_socket.next_data("presence").await?),
        ("JOINED".into(), json!(bob.id), "ONLINE".into())
    );

    // Bob moves his cursor; both see it.
    let moved = app
        .query(
            Some(&bob.token),
            UPDATE,
            json!({ "s": session, "cursor": { "line": 7 } }),
        )
        .await?;
    assert_eq!(
        moved["updatePresence"],
        json!({ "status": "IDLE", "cursor": { "line": 7 } })
    );
    for socket in [&mut alice_socket, &mut bob_socket] {
        let update = socket.next_data("presence").await?;
        assert_eq!(
            who(&update),
            ("UPDATED".into(), json!(bob.id), "IDLE".into())
        );
        assert_eq!(update["participant"]["cursor"], json!({ "line": 7 }));
    }

    // Bob closes his tab: Alice sees him leave.
    bob_socket.close().await?;
    assert_eq!(
        who(&alice_socket.next_data("presence").await?),
        ("LEFT".into(), json!(bob.id), "OFFLINE".into())
    );
    Ok(())
}

#[tokio::test]
async fn outsiders_without_a_valid_share_token_are_refused() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let mallory = app.create_user("mallory").await?;
    let (session, _) = session(&app, &alice).await?;
    for share_token in [None, Some("not-the-token")] {
        let mut socket = follow(&app, TRANSPORT_WS, &mallory, session, share_token).await?;
        assert_eq!(socket.next_error_code().await?, "FORBIDDEN");
    }
    let mut anonymous = Socket::connect(app.address, TRANSPORT_WS, None).await?;
    anonymous
        .start("p", PRESENCE, json!({ "s": session }))
        .await?;
    assert_eq!(anonymous.next_error_code().await?, "FORBIDDEN");
    // Nobody refused was added to the session.
    assert_eq!(
        app.count(
            "SELECT count(*) FROM collaboration_participants WHERE user_id = $1",
            [mallory.id.into()],
        )
        .await?,
        0
    );
    Ok(())
}

#[tokio::test]
async fn a_user_with_two_tabs_stays_online_until_the_last_one_closes() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    let carol = app.create_user("carol").await?;
    let (session, share_token) = session(&app, &alice).await?;
    let mut alice_socket = follow(&app, TRANSPORT_WS, &alice, session, None).await?;
    alice_socket.next_data("presence").await?;

    let mut first_tab = follow(&app, TRANSPORT_WS, &bob, session, Some(&share_token)).await?;
    assert_eq!(who(&alice_socket.next_data("presence").await?).0, "JOINED");
    let mut second_tab = follow(&app, TRANSPORT_WS, &bob, session, Some(&share_token)).await?;
    for tab in [&mut first_tab, &mut second_tab] {
        tab.next_data("presence").await?;
        tab.next_data("presence").await?;
    }
    app.wait_for_subscriptions(3).await?;

    // Closing one tab is not leaving: the next thing Alice sees is Carol joining.
    first_tab.close().await?;
    app.wait_for_subscriptions(2).await?;
    let mut carol_socket = follow(&app, TRANSPORT_WS, &carol, session, Some(&share_token)).await?;
    carol_socket.next_data("presence").await?;
    assert_eq!(
        who(&alice_socket.next_data("presence").await?),
        ("JOINED".into(), json!(carol.id), "ONLINE".into())
    );
    assert_eq!(
        app.count(
            "SELECT count(*) FROM collaboration_participants WHERE user_id = $1 AND status = 'online'",
            [bob.id.into()],
        )
        .await?,
        1
    );

    // Closing the last one is.
    second_tab.close().await?;
    assert_eq!(
        who(&alice_socket.next_data("presence").await?),
        ("LEFT".into(), json!(bob.id), "OFFLINE".into())
    );
    Ok(())
}

#[tokio::test]
async fn participants_silent_for_two_minutes_are_swept_offline_once_by_concurrent_sweepers()
-> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    let carol = app.create_user("carol").await?;
    let beside = app.spawn_beside().await?;
    let (session, _) = session(&app, &alice).await?;
    // Bob's client vanished three minutes ago without closing; Carol was seen a minute ago.
    for (user, silent_for) in [(&bob, "3 minutes"), (&carol, "1 minute")] {
        app.exec(
            "INSERT INTO collaboration_participants (session_id, user_id, status, last_seen_at) \
             VALUES ($1, $2, 'online', now() - $3::interval)",
            [session.into(), user.id.into(), silent_for.into()],
        )
        .await?;
    }
    let mut alice_socket = follow(&app, TRANSPORT_WS, &alice, session, None).await?;
    let mut present: Vec<Value> = Vec::new();
    for _ in 0..3 {
        present.push(alice_socket.next_data("presence").await?["userId"].clone());
    }
    assert!(present.contains(&json!(bob.id)), "{present:?}");

    // Two gateway processes sweep at the same moment: Bob is marked offline exactly once.
    let (one, other) = tokio::join!(
        switchyard_core::realtime::mark_stale_participants_offline(&app.db),
        switchyard_core::realtime::mark_stale_participants_offline(&beside.db),
    );
    assert_eq!(one? + other?, 1);
    assert_eq!(
        who(&alice_socket.next_data("presence").await?),
        ("LEFT".into(), json!(bob.id), "OFFLINE".into())
    );
    let online = app
        .count(
            "SELECT count(*) FROM collaboration_participants WHERE session_id = $1 AND status = 'online'",
            [session.into()],
        )
        .await?;
    assert_eq!(online, 2, "Alice and Carol stay online");
    Ok(())
}
