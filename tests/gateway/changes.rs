//! Change feeds over real WebSockets, with every write made in plain SQL as a worker or psql
//! would: an owner-scoped table (AI tasks, owned through their clone) as its owner and as a
//! stranger, a row moved from one owner to another, a filter applied to inserts, updates
//! and deletes alike, resuming with `after`, a membership-scoped table (a session's
//! participants) as a member, a stranger and a removed member, and the statements an event
//! costs with twenty subscribers.

use crate::common;

use anyhow::Result;
use common::socket::{Socket, TRANSPORT_WS};
use common::{TestApp, TestUser};
use serde_json::{Value, json};
use uuid::Uuid;

const TASKS: &str = "subscription($filter: AiTaskFilter, $after: String) {
    aiTaskChanges(filter: $filter, after: $after) {
        cursor kind id node { taskName status clone { name } } } }";
const TASK_NAMES: &str = "subscription { aiTaskChanges { node { taskName } } }";
const CLONES: &str = "subscription { aiCloneChanges { kind id node { name } } }";
const PARTICIPANTS: &str = "subscription($s: UUID!) {
    collaborationParticipantChanges(sessionId: $s) { kind id node { userId role } } }";

/// Opens a socket for `user` running `query`.
async fn subscribe(
    app: &TestApp,
    user: &TestUser,
    query: &str,
    variables: Value,
) -> Result<Socket> {
    let mut socket = Socket::connect(app.address, TRANSPORT_WS, Some(&user.token)).await?;
    socket.start("c", query, variables).await?;
    Ok(socket)
}

/// An AI clone of `owner`, inserted with SQL.
async fn clone_of(app: &TestApp, owner: Uuid, name: &str) -> Result<Uuid> {
    app.insert_returning_id(
        "INSERT INTO ai_clones (user_id, name, model_type) VALUES ($1, $2, 'gpt-4') RETURNING id",
        [owner.into(), name.into()],
    )
    .await
}

/// A task of `clone`, inserted with SQL.
async fn task(app: &TestApp, clone: Uuid, name: &str) -> Result<Uuid> {
    app.insert_returning_id(
        "INSERT INTO ai_tasks (clone_id, task_name) VALUES ($1, $2) RETURNING id",
        [clone.into(), name.into()],
    )
    .await
}

/// `(kind, id)` of a change.
fn what(change: &Value) -> (String, Value) {
    (
        change["kind"].as_str().unwrap_or_default().to_owned(),
        change["id"].clone(),
    )
}

#[tokio::test]
async fn owners_follow_their_rows_written_in_sql_and_strangers_hear_nothing_of_them() -> Result<()>
{
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    let mut alice_tasks = subscribe(&app, &alice, TASKS, json!({})).await?;
    let mut bob_tasks = subscribe(&app, &bob, TASKS, json!({})).await?;
    app.wait_for_subscriptions(2).await?;
    // Nobody's rows are anyone's when signed out.
    let mut anonymous = Socket::connect(app.address, TRANSPORT_WS, None).await?;
    anonymous.start("c", TASKS, json!({})).await?;
    assert_eq!(anonymous.next_error_code().await?, "UNAUTHENTICATED");

    // A worker creates, advances and deletes one of Alice's tasks.
    let alices_clone = clone_of(&app, alice.id, "analyst").await?;
    let report = task(&app, alices_clone, "report").await?;
    app.exec(
        "UPDATE ai_tasks SET status = 'in_progress' WHERE id = $1",
        [report.into()],
    )
    .await?;
    app.exec("DELETE FROM ai_tasks WHERE id = $1", [report.into()])
        .await?;
    let inserted = alice_tasks.next_data("aiTaskChanges").await?;
    assert_eq!(what(&inserted), ("INSERTED".into(), json!(report)));
    assert_eq!(inserted["node"]["taskName"], "report");
    assert_eq!(inserted["node"]["clone"]["name"], "analyst");
    let updated = alice_tasks.next_data("aiTaskChanges").await?;
    assert_eq!(what(&updated), ("UPDATED".into(), json!(report)));
    assert_eq!(updated["node"]["status"], "IN_PROGRESS");
    let deleted = alice_tasks.next_data("aiTaskChanges").await?;
    assert_eq!(what(&deleted), ("DELETED".into(), json!(report)));
    assert_eq!(deleted["node"], Value::Null);

    // Bob heard none of it: the first change he gets is of his own task.
    let bobs_clone = clone_of(&app, bob.id, "scribe").await?;
    let his = task(&app, bobs_clone, "notes").await?;
    assert_eq!(
        what(&bob_tasks.next_data("aiTaskChanges").await?),
        ("INSERTED".into(), json!(his))
    );
    Ok(())
}

#[tokio::test]
async fn a_row_given_to_another_owner_leaves_one_feed_and_enters_the_other() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    let clone = clone_of(&app, alice.id, "analyst").await?;
    let mut alice_clones = subscribe(&app, &alice, CLONES, json!({})).await?;
    let mut bob_clones = subscribe(&app, &bob, CLONES, json!({})).await?;
    app.wait_for_subscriptions(2).await?;

    app.exec(
        "UPDATE ai_clones SET user_id = $1 WHERE id = $2",
        [bob.id.into(), clone.into()],
    )
    .await?;
    let gone = alice_clones.next_data("aiCloneChanges").await?;
    assert_eq!(what(&gone), ("DELETED".into(), json!(clone)));
    assert_eq!(gone["node"], Value::Null, "Alice no longer sees the row");
    let arrived = bob_clones.next_data("aiCloneChanges").await?;
    assert_eq!(what(&arrived), ("INSERTED".into(), json!(clone)));
    assert_eq!(arrived["node"]["name"], "analyst");
    Ok(())
}

#[tokio::test]
async fn a_filter_applies_to_every_kind_of_change_and_after_replays_what_was_missed() -> Result<()>
{
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let clone = clone_of(&app, alice.id, "analyst").await?;
    let completed = json!({ "filter": { "status": { "eq": "COMPLETED" } } });
    let mut finished = subscribe(&app, &alice, TASKS, completed.clone()).await?;
    app.wait_for_subscriptions(1).await?;

    // Inserted pending, started, then completed: only the completion passes.
    let first = task(&app, clone, "first").await?;
    let second = task(&app, clone, "second").await?;
    for status in ["in_progress", "completed"] {
        app.exec(
            "UPDATE ai_tasks SET status = $1 WHERE id = $2",
            [status.into(), second.into()],
        )
        .await?;
    }
    // A pending task deleted does not pass; a completed one does, by its last values.
    app.exec("DELETE FROM ai_tasks WHERE id = $1", [first.into()])
        .await?;
    app.exec("DELETE FROM ai_tasks WHERE id = $1", [second.into()])
        .await?;
    let done = finished.next_data("aiTaskChanges").await?;
    assert_eq!(what(&done), ("UPDATED".into(), json!(second)));
    assert_eq!(done["node"]["status"], "COMPLETED");
    let removed = finished.next_data("aiTaskChanges").await?;
    assert_eq!(what(&removed), ("DELETED".into(), json!(second)));

    // Alice comes back with the cursor of the completion: the deletion after it is replayed,
    // and the filter holds for the replay too.
    finished.close().await?;
    let resumed = json!({ "filter": completed["filter"], "after": done["cursor"] });
    let mut again = subscribe(&app, &alice, TASKS, resumed).await?;
    let replayed = again.next_data("aiTaskChanges").await?;
    assert_eq!(what(&replayed), ("DELETED".into(), json!(second)));
    assert_eq!(replayed["cursor"], removed["cursor"]);
    Ok(())
}

#[tokio::test]
async fn members_follow_a_sessions_participants_until_they_are_removed() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    let carol = app.create_user("carol").await?;
    let mallory = app.create_user("mallory").await?;
    let session = crate::documents::session(&app, &alice, &bob, &carol).await?;
    let variables = json!({ "s": session });

    let mut stranger = subscribe(&app, &mallory, PARTICIPANTS, variables.clone()).await?;
    assert_eq!(stranger.next_error_code().await?, "FORBIDDEN");

    let mut bobs = subscribe(&app, &bob, PARTICIPANTS, variables.clone()).await?;
    app.wait_for_subscriptions(1).await?;
    app.exec(
        "UPDATE collaboration_participants SET role = 'editor' WHERE session_id = $1 AND user_id = $2",
        [session.into(), carol.id.into()],
    )
    .await?;
    let promoted = bobs.next_data("collaborationParticipantChanges").await?;
    assert_eq!(promoted["kind"], "UPDATED");
    assert_eq!(
        promoted["node"],
        json!({ "userId": carol.id, "role": "EDITOR" })
    );

    // Alice removes Bob: he sees his own row go, then his feed ends.
    app.exec(
        "DELETE FROM collaboration_participants WHERE session_id = $1 AND user_id = $2",
        [session.into(), bob.id.into()],
    )
    .await?;
    assert_eq!(
        bobs.next_data("collaborationParticipantChanges").await?["kind"],
        "DELETED"
    );
    assert_eq!(bobs.next_error_code().await?, "FORBIDDEN");
    bobs.expect_complete().await?;
    Ok(())
}

/// Five tasks inserted with SQL; every tab receives each. Returns the SQL statements the
/// server issued meanwhile.
async fn statements_for(app: &TestApp, clone: Uuid, tabs: &mut [Socket]) -> Result<u64> {
    let before = app.statements();
    let names = ["a", "b", "c", "d", "e"];
    for name in names {
        task(app, clone, name).await?;
    }
    for tab in tabs.iter_mut() {
        for name in names {
            assert_eq!(
                tab.next_data("aiTaskChanges").await?["node"]["taskName"],
                name
            );
        }
    }
    Ok(app.statements() - before)
}

#[tokio::test]
async fn twenty_subscribers_cost_the_statements_of_one() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let clone = clone_of(&app, alice.id, "analyst").await?;
    let mut tabs = vec![subscribe(&app, &alice, TASK_NAMES, json!({})).await?];
    app.wait_for_subscriptions(1).await?;
    let one = statements_for(&app, clone, &mut tabs).await?;
    for _ in 1..20 {
        tabs.push(subscribe(&app, &alice, TASK_NAMES, json!({})).await?);
    }
    app.wait_for_subscriptions(20).await?;
    let twenty = statements_for(&app, clone, &mut tabs).await?;
    // The row's own columns come with the event. Read per subscriber, each change would
    // cost twenty reads. The slack covers the
    // listener reading the five events in one statement or five, and the policy refresh
    // (every second) or the sweeper falling in between.
    assert!(
        twenty <= one + 4,
        "one subscriber: {one} statements for five changes, twenty: {twenty}"
    );
    Ok(())
}
