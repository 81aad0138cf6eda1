//! Change feeds over real WebSockets, with every write made in plain SQL as a worker or psql
//! would: an owner-scoped table (AI tasks, owned through their clone) as its owner and as a
//! stranger, a user's settings reaching their other devices, tasks deleted by their clone's
//! cascade, a row moved from one owner to another, a filter applied to inserts, updates
//! and deletes alike, resuming with `after`, a membership-scoped table (a session's
//! participants) as a member, a stranger and a removed member, the statements an event
//! costs with twenty tabs of one viewer (one shared execution), and every table's route checked against its read policy.

use crate::common;

use anyhow::Result;
use common::socket::{Socket, TRANSPORT_WS};
use common::{TestApp, TestUser};
use sea_orm::{ConnectionTrait as _, DbBackend, Statement};
use serde_json::{Value, json};
use uuid::Uuid;

const TASKS: &str = "subscription($filter: AiTaskFilter, $after: String) {
    aiTaskChanges(filter: $filter, after: $after) {
        cursor kind id node { taskName status clone { name } } } }";
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
async fn settings_changed_on_one_device_reach_the_others_and_nobody_else() -> Result<()> {
    const SETTINGS: &str = "subscription { userSettingsChanges { kind node { uiMode language } } }";
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    let mut alices_tablet = subscribe(&app, &alice, SETTINGS, json!({})).await?;
    let mut bobs_phone = subscribe(&app, &bob, SETTINGS, json!({})).await?;
    app.wait_for_subscriptions(2).await?;

    // On her laptop, Alice switches to dark mode, then to Portuguese.
    let update = "mutation($input: UpdateSettingsInput!) { updateSettings(input: $input) { id } }";
    app.query(
        Some(&alice.token),
        update,
        json!({ "input": { "uiMode": "DARK" } }),
    )
    .await?;
    app.query(
        Some(&alice.token),
        update,
        json!({ "input": { "language": "pt-BR" } }),
    )
    .await?;
    let first = alices_tablet.next_data("userSettingsChanges").await?;
    assert_eq!(first["kind"], "INSERTED");
    assert_eq!(first["node"]["uiMode"], "DARK");
    let second = alices_tablet.next_data("userSettingsChanges").await?;
    assert_eq!(second["kind"], "UPDATED");
    assert_eq!(
        second["node"],
        json!({ "uiMode": "DARK", "language": "pt-BR" })
    );

    // Bob's first change is his own.
    app.query(
        Some(&bob.token),
        update,
        json!({ "input": { "uiMode": "LIGHT" } }),
    )
    .await?;
    let his = bobs_phone.next_data("userSettingsChanges").await?;
    assert_eq!(his["node"]["uiMode"], "LIGHT");
    Ok(())
}

#[tokio::test]
async fn deleting_a_clone_tells_its_owner_that_its_tasks_went_with_it() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let mut tasks = subscribe(&app, &alice, TASKS, json!({})).await?;
    app.wait_for_subscriptions(1).await?;
    let analyst = clone_of(&app, alice.id, "analyst").await?;
    let report = task(&app, analyst, "report").await?;
    let summary = task(&app, analyst, "summary").await?;
    for _ in 0..2 {
        assert_eq!(tasks.next_data("aiTaskChanges").await?["kind"], "INSERTED");
    }

    // Alice deletes the clone herself, signed in, as a client of the database would; the
    // foreign key's cascade deletes its tasks.
    let tx = app.begin_as("authenticated", Some(alice.id)).await?;
    let deleted = tx
        .execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "DELETE FROM ai_clones WHERE id = $1",
            [analyst.into()],
        ))
        .await?;
    assert_eq!(deleted.rows_affected(), 1);
    tx.commit().await?;
    let mut gone = Vec::new();
    for _ in 0..2 {
        let change = tasks.next_data("aiTaskChanges").await?;
        assert_eq!(change["node"], Value::Null);
        gone.push(what(&change));
    }
    gone.sort_by_key(|(_, id)| id.to_string());
    let mut expected = vec![
        ("DELETED".to_owned(), json!(report)),
        ("DELETED".to_owned(), json!(summary)),
    ];
    expected.sort_by_key(|(_, id)| id.to_string());
    assert_eq!(gone, expected);
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

/// Five tasks inserted with SQL; every tab receives each.
async fn five_changes(app: &TestApp, clone: Uuid, tabs: &mut [Socket]) -> Result<()> {
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
    Ok(())
}

#[tokio::test]
async fn twenty_tabs_of_one_viewer_share_one_execution_and_its_per_event_work() -> Result<()> {
    const NAMED: &str = "subscription($filter: AiTaskFilter) {
        aiTaskChanges(filter: $filter) { node { taskName } } }";
    let pending = json!({ "filter": { "status": { "eq": "PENDING" } } });
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    let clone = clone_of(&app, alice.id, "analyst").await?;
    let mut tabs = Vec::new();
    for _ in 0..20 {
        tabs.push(subscribe(&app, &alice, NAMED, pending.clone()).await?);
    }
    // Bob sends the same request; he is someone else, so he gets an execution of his own.
    let _bobs = subscribe(&app, &bob, NAMED, pending).await?;
    app.wait_for_shared_subscriptions(21).await?;
    app.wait_for_subscriptions(2).await?;
    // Each execution reads the outbox once as it starts (its replay); once every tab has
    // received a first change, all of them are past it.
    task(&app, clone, "first").await?;
    for tab in &mut tabs {
        assert_eq!(
            tab.next_data("aiTaskChanges").await?["node"]["taskName"],
            "first"
        );
    }

    let (before, started) = (app.statements(), std::time::Instant::now());
    five_changes(&app, clone, &mut tabs).await?;
    let statements = app.statements() - before;
    // The row's own columns come with the event: the listener reads the five events once
    // for the process (in one statement or five), and the filter runs once per change for
    // the twenty tabs. Besides, the server re-reads the policies every second. Run per tab,
    // the filter alone would cost 100 statements.
    let background = started.elapsed().as_secs() + 1;
    assert!(
        statements <= 10 + background,
        "{statements} statements for five changes to twenty tabs in {:?}",
        started.elapsed()
    );
    Ok(())
}

/// A change route's table and its route arguments, as the triggers declare them.
async fn routes(app: &TestApp) -> Result<Vec<(String, Vec<String>)>> {
    let rows = app
        .db
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT c.relname AS table_name, encode(t.tgargs, 'escape') AS arguments \
             FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid \
             WHERE p.proname = 'publish_change' ORDER BY 1",
        ))
        .await?;
    rows.iter()
        .map(|row| {
            let arguments: String = row.try_get("", "arguments")?;
            let route = arguments
                .split("\\000")
                .filter(|part| !part.is_empty())
                .map(str::to_owned)
                .collect();
            Ok((row.try_get("", "table_name")?, route))
        })
        .collect()
}

#[tokio::test]
async fn every_change_route_reaches_only_viewers_the_tables_read_policy_lets_see_the_row()
-> Result<()> {
    let app = TestApp::spawn().await?;
    let routes = routes(&app).await?;
    assert!(routes.len() >= 12, "{routes:?}");
    let viewer = "( SELECT auth.uid() AS uid)";
    for (table, route) in routes {
        // The forms in which a policy, as PostgreSQL prints it, lets the route's audience
        // see the row: its owner, its parent's owner, or its group's members.
        let grants = match route.as_slice() {
            [column] => vec![
                format!("({viewer} = {column})"),
                format!("is_session_member({column})"),
            ],
            [column, parent, owner] => vec![format!(
                "({column} IN ( SELECT {parent}.id FROM {parent} WHERE ({parent}.{owner} = {viewer})))"
            )],
            other => panic!("{table}: a route of {other:?}"),
        };
        let policies = app
            .db
            .query_all_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT permissive, qual FROM pg_policies \
                 WHERE schemaname = 'public' AND tablename = $1 AND cmd IN ('SELECT', 'ALL') \
                   AND 'authenticated' = ANY (roles)",
                [table.clone().into()],
            ))
            .await?;
        let mut granted = false;
        for policy in &policies {
            let permissive: String = policy.try_get("", "permissive")?;
            assert_eq!(
                permissive, "PERMISSIVE",
                "{table}: a restrictive policy narrows the audience"
            );
            let qual: String = policy.try_get("", "qual")?;
            let qual = qual.split_whitespace().collect::<Vec<_>>().join(" ");
            // The grant alone, or as the first of alternatives (an admin also seeing it).
            granted |= grants
                .iter()
                .any(|grant| qual == *grant || qual.starts_with(&format!("({grant} OR ")));
        }
        assert!(
            granted,
            "{table}: no read policy lets the audience of {route:?} see its rows"
        );
        // A row routed through its parent still reaches its audience when the parent's
        // deletion cascades to it: the parent remembers whose it was.
        if let [_, parent, owner] = route.as_slice() {
            let remembers = app
                .count(
                    "SELECT count(*) FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid \
                     WHERE t.tgrelid = ('public.' || $1)::regclass \
                       AND p.proname = 'remember_audience' \
                       AND encode(t.tgargs, 'escape') = $2 || '\\000'",
                    [parent.clone().into(), owner.clone().into()],
                )
                .await?;
            assert_eq!(
                remembers, 1,
                "{table}: its parent {parent} does not remember its {owner} when deleted"
            );
        }
    }
    Ok(())
}
