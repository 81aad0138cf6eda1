//! The job queue through the API: owners enqueue (with seed 003's dedup and limit),
//! service-role workers claim, report, complete and fail; everyone else is refused.

use crate::common;

use anyhow::Result;
use common::{TestApp, node_strings};
use serde_json::{Value, json};
use switchyard_core::auth::Role;

const ENQUEUE: &str = "mutation($type: String!, $key: String, $payload: JSON) {
    enqueueJob(type: $type, dedupKey: $key, payload: $payload) { id status attempts maxAttempts } }";
const CLAIM: &str = "mutation { claimJob(types: [\"sync_youtube\"]) { id status attempts } }";

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_worker_runs_an_enqueued_job_to_completion_and_only_its_owner_sees_it() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    let worker = app.token(None, Role::ServiceRole)?;

    let job = app
        .query(
            Some(&alice.token),
            ENQUEUE,
            json!({ "type": "sync_youtube", "key": "channel-1" }),
        )
        .await?["enqueueJob"]
        .clone();
    assert_eq!(job["status"], "QUEUED");
    // The same request within 5 minutes is the same job.
    let again = app
        .query(
            Some(&alice.token),
            ENQUEUE,
            json!({ "type": "sync_youtube", "key": "channel-1" }),
        )
        .await?;
    assert_eq!(id(&again["enqueueJob"]), id(&job));

    // Users cannot act as workers.
    assert_eq!(
        app.error_code(Some(&alice.token), CLAIM, json!({})).await?,
        "FORBIDDEN"
    );

    let claimed = app.query(Some(&worker), CLAIM, json!({})).await?["claimJob"].clone();
    assert_eq!(
        (
            id(&claimed),
            claimed["status"].clone(),
            claimed["attempts"].clone()
        ),
        (id(&job), json!("RUNNING"), json!(1))
    );
    // Nothing else is waiting.
    assert!(app.query(Some(&worker), CLAIM, json!({})).await?["claimJob"].is_null());

    let progress = "mutation($id: UUID!) { reportJobProgress(jobId: $id, progress: 40, message: \"fetching\") { progress progressMessage } }";
    let reported = app
        .query(Some(&worker), progress, json!({ "id": id(&job) }))
        .await?;
    assert_eq!(
        reported["reportJobProgress"],
        json!({ "progress": 40, "progressMessage": "fetching" })
    );
    let complete = "mutation($id: UUID!) { completeJob(jobId: $id, result: {videos: 3}) { status progress result } }";
    let done = app
        .query(Some(&worker), complete, json!({ "id": id(&job) }))
        .await?;
    assert_eq!(
        done["completeJob"],
        json!({ "status": "SUCCEEDED", "progress": 100, "result": { "videos": 3 } })
    );

    let mine = "{ jobs { edges { node { status jobType { name } } } } }";
    let data = app.query(Some(&alice.token), mine, json!({})).await?;
    assert_eq!(node_strings(&data["jobs"], "status"), ["SUCCEEDED"]);
    assert_eq!(
        data["jobs"]["edges"][0]["node"]["jobType"]["name"],
        "sync_youtube"
    );
    let data = app.query(Some(&bob.token), mine, json!({})).await?;
    assert!(node_strings(&data["jobs"], "status").is_empty());
    Ok(())
}

#[tokio::test]
async fn a_failing_job_is_retried_until_it_has_used_its_attempts() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let worker = app.token(None, Role::ServiceRole)?;
    let job = app
        .query(
            Some(&alice.token),
            ENQUEUE,
            json!({ "type": "sync_youtube", "payload": { "channel": "c" } }),
        )
        .await?["enqueueJob"]
        .clone();
    assert_eq!(job["maxAttempts"], 3);
    let fail = "mutation($id: UUID!) { failJob(jobId: $id, error: \"quota exceeded\") { status attempts error } }";
    for attempt in 1..=3 {
        let claimed = app.query(Some(&worker), CLAIM, json!({})).await?["claimJob"].clone();
        assert_eq!(claimed["attempts"], attempt);
        let failed = app
            .query(Some(&worker), fail, json!({ "id": id(&job) }))
            .await?["failJob"]
            .clone();
        let expected = if attempt < 3 { "QUEUED" } else { "FAILED" };
        assert_eq!(failed["status"], expected, "after attempt {attempt}");
        assert_eq!(failed["error"], "quota exceeded");
    }
    assert!(app.query(Some(&worker), CLAIM, json!({})).await?["claimJob"].is_null());
    // Reporting on a job that is not running changes nothing.
    let progress = "mutation($id: UUID!) { reportJobProgress(jobId: $id, progress: 10) { id } }";
    assert_eq!(
        app.error_code(Some(&worker), progress, json!({ "id": id(&job) }))
            .await?,
        "NOT_FOUND"
    );
    Ok(())
}

#[tokio::test]
async fn a_user_may_have_ten_active_jobs_and_names_real_job_types() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    for n in 0..10 {
        app.query(
            Some(&alice.token),
            ENQUEUE,
            json!({ "type": "export_data", "key": format!("k{n}") }),
        )
        .await?;
    }
    let (_, body) = app
        .post_graphql(
            Some(&alice.token),
            ENQUEUE,
            json!({ "type": "export_data", "key": "k10" }),
        )
        .await?;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "CONFLICT",
        "{body}"
    );
    assert_eq!(body["errors"][0]["extensions"]["field"], "type");
    let (_, body) = app
        .post_graphql(
            Some(&alice.token),
            ENQUEUE,
            json!({ "type": "mine_bitcoin" }),
        )
        .await?;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{body}"
    );
    // Anonymous visitors may not enqueue.
    assert_eq!(
        app.error_code(None, ENQUEUE, json!({ "type": "export_data" }))
            .await?,
        "FORBIDDEN"
    );
    // Job types are public.
    let types = app
        .query(
            None,
            "{ jobTypes(first: 100) { edges { node { name } } } }",
            json!({}),
        )
        .await?;
    assert!(node_strings(&types["jobTypes"], "name").contains(&"sync_youtube".to_owned()));
    Ok(())
}

#[tokio::test]
async fn a_collaboration_session_is_visible_to_its_participants_only() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    let carol = app.create_user("carol").await?;
    let session = app
        .insert_returning_id(
            "INSERT INTO collaboration_sessions (owner_id, title) VALUES ($1, 'Roadmap') RETURNING id",
            [alice.id.into()],
        )
        .await?;
    app.exec(
        "INSERT INTO collaboration_participants (session_id, user_id, role) VALUES ($1, $2, 'editor')",
        [session.into(), bob.id.into()],
    )
    .await?;
    let query = "{ collaborationSessions { edges { node { title participants(orderBy: {field: JOINED_AT, direction: ASC}) { edges { node { role user { username } } } } } } } }";
    for viewer in [&alice, &bob] {
        let data = app.query(Some(&viewer.token), query, json!({})).await?;
        assert_eq!(
            node_strings(&data["collaborationSessions"], "title"),
            ["Roadmap"]
        );
        let participants = &data["collaborationSessions"]["edges"][0]["node"]["participants"];
        assert_eq!(node_strings(participants, "role"), ["OWNER", "EDITOR"]);
    }
    let data = app.query(Some(&carol.token), query, json!({})).await?;
    assert!(node_strings(&data["collaborationSessions"], "title").is_empty());
    // Only participants move their presence.
    let update = "mutation($s: UUID!) { updatePresence(sessionId: $s, status: IDLE, cursor: {line: 3}) { status cursor } }";
    let moved = app
        .query(Some(&bob.token), update, json!({ "s": session }))
        .await?;
    assert_eq!(
        moved["updatePresence"],
        json!({ "status": "IDLE", "cursor": { "line": 3 } })
    );
    assert_eq!(
        app.error_code(Some(&carol.token), update, json!({ "s": session }))
            .await?,
        "NOT_FOUND"
    );
    Ok(())
}
