//! Wide research through the API: a job made from a template or a list of queries fans out
//! to 50-250 subtasks; service-role workers complete and fail them (or write plain SQL) and
//! the job's counts, progress and status follow, live over `wideResearchProgress`; nobody
//! else sees any of it.

use crate::common;

use anyhow::Result;
use common::socket::{Socket, TRANSPORT_WS};
use common::{TestApp, TestUser, node_strings, nodes};
use serde_json::{Value, json};
use switchyard_core::auth::Role;

const CREATE_TEMPLATE: &str = "mutation($input: CreateWideResearchTemplateInput!) {
    createWideResearchTemplate(input: $input) { id maxAttempts } }";
const CREATE_JOB: &str = "mutation($input: CreateWideResearchJobInput!) {
    createWideResearchJob(input: $input) { id status totalSubtasks completedSubtasks progress
      subtasks(first: 3) { edges { node { id position query status } } } } }";
const JOB: &str = "query($id: UUID!) { wideResearchJob(id: $id) {
    status progress totalSubtasks completedSubtasks failedSubtasks startedAt finishedAt } }";
const COMPLETE: &str = "mutation($id: UUID!) {
    completeWideResearchSubtask(subtaskId: $id, result: {summary: \"ok\"}) { status attempts result } }";
const FAIL: &str = "mutation($id: UUID!) {
    failWideResearchSubtask(subtaskId: $id, error: \"rate limited\") { status attempts error } }";

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap_or_default().to_owned()
}

fn list(prefix: &str, count: usize) -> Vec<String> {
    (1..=count).map(|n| format!("{prefix} {n}")).collect()
}

async fn template(app: &TestApp, user: &TestUser, max_attempts: i32) -> Result<String> {
    let template = app
        .query(
            Some(&user.token),
            CREATE_TEMPLATE,
            json!({ "input": { "name": "Competitors", "promptTemplate": "Summarize the pricing of {item}.",
                               "maxAttempts": max_attempts } }),
        )
        .await?;
    Ok(id(&template["createWideResearchTemplate"]))
}

async fn job(app: &TestApp, user: &TestUser, input: Value) -> Result<Value> {
    Ok(app
        .query(Some(&user.token), CREATE_JOB, json!({ "input": input }))
        .await?["createWideResearchJob"]
        .clone())
}

async fn progress(app: &TestApp, user: &TestUser, job: &Value) -> Result<Value> {
    Ok(app
        .query(Some(&user.token), JOB, json!({ "id": id(job) }))
        .await?["wideResearchJob"]
        .clone())
}

#[tokio::test]
async fn a_job_from_a_template_fans_out_and_its_progress_follows_its_subtasks() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let worker = app.token(None, Role::ServiceRole)?;
    let template = template(&app, &alice, 3).await?;
    let created = job(
        &app,
        &alice,
        json!({ "title": "Pricing survey", "templateId": template, "items": list("Company", 60) }),
    )
    .await?;
    assert_eq!(
        (
            created["status"].clone(),
            created["totalSubtasks"].clone(),
            created["progress"].clone()
        ),
        (json!("PENDING"), json!(60), json!(0))
    );
    // Subtasks come in item order, each the template filled with its item.
    let first = nodes(&created["subtasks"]);
    assert_eq!(
        first
            .iter()
            .map(|s| s["position"].clone())
            .collect::<Vec<_>>(),
        [json!(0), json!(1), json!(2)]
    );
    assert_eq!(first[0]["query"], "Summarize the pricing of Company 1.");

    // A worker completes 15 subtasks through the API: a quarter done.
    let ids = app
        .query(
            Some(&alice.token),
            "query($id: UUID!) { wideResearchJob(id: $id) { subtasks(first: 60) { edges { node { id } } } } }",
            json!({ "id": id(&created) }),
        )
        .await?;
    let ids: Vec<String> = nodes(&ids["wideResearchJob"]["subtasks"])
        .iter()
        .map(id)
        .collect();
    assert_eq!(ids.len(), 60);
    for subtask in &ids[..15] {
        let done = app
            .query(Some(&worker), COMPLETE, json!({ "id": subtask }))
            .await?;
        assert_eq!(done["completeWideResearchSubtask"]["status"], "COMPLETED");
    }
    let state = progress(&app, &alice, &created).await?;
    assert_eq!(
        (
            state["status"].clone(),
            state["progress"].clone(),
            state["completedSubtasks"].clone()
        ),
        (json!("RUNNING"), json!(25), json!(15))
    );
    assert!(!state["startedAt"].is_null() && state["finishedAt"].is_null());

    // A worker writing plain SQL moves the job the same way.
    app.exec(
        "UPDATE wide_research_subtasks SET status = 'completed', result = '{}' WHERE status = 'pending' AND position < 50",
        [],
    )
    .await?;
    let state = progress(&app, &alice, &created).await?;
    assert_eq!(
        (
            state["progress"].clone(),
            state["completedSubtasks"].clone()
        ),
        (json!(83), json!(50))
    );
    app.exec(
        "UPDATE wide_research_subtasks SET status = 'failed', error = 'gone' WHERE status = 'pending'",
        [],
    )
    .await?;
    let state = progress(&app, &alice, &created).await?;
    assert_eq!(
        (
            state["status"].clone(),
            state["progress"].clone(),
            state["completedSubtasks"].clone(),
            state["failedSubtasks"].clone()
        ),
        (json!("COMPLETED"), json!(100), json!(50), json!(10))
    );
    assert!(!state["finishedAt"].is_null());
    // A finished subtask cannot be completed again.
    assert_eq!(
        app.error_code(Some(&worker), COMPLETE, json!({ "id": ids[0] }))
            .await?,
        "NOT_FOUND"
    );
    Ok(())
}

#[tokio::test]
async fn a_job_has_50_to_250_subtasks() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let template = template(&app, &alice, 3).await?;
    let blank_first = [vec![" ".to_owned()], list("q", 59)].concat();
    for (input, field) in [
        (json!({ "title": "t", "queries": list("q", 49) }), "queries"),
        (
            json!({ "title": "t", "queries": list("q", 251) }),
            "queries",
        ),
        (
            json!({ "title": "t", "templateId": template, "items": list("i", 49) }),
            "items",
        ),
        (
            json!({ "title": "t", "templateId": template, "queries": list("q", 60) }),
            "queries",
        ),
        (json!({ "title": "t" }), "queries"),
        (json!({ "title": "t", "queries": blank_first }), "queries"),
        (json!({ "title": "", "queries": list("q", 50) }), "title"),
    ] {
        let (_, body) = app
            .post_graphql(Some(&alice.token), CREATE_JOB, json!({ "input": input }))
            .await?;
        let error = &body["errors"][0]["extensions"];
        assert_eq!(
            (error["code"].clone(), error["field"].clone()),
            (json!("BAD_USER_INPUT"), json!(field)),
            "{body}"
        );
    }
    assert_eq!(
        app.count("SELECT count(*) FROM wide_research_jobs", [])
            .await?,
        0
    );
    assert_eq!(
        app.count("SELECT count(*) FROM wide_research_subtasks", [])
            .await?,
        0
    );
    for count in [50, 250] {
        let created = job(
            &app,
            &alice,
            json!({ "title": "bounds", "queries": list("q", count) }),
        )
        .await?;
        assert_eq!(created["totalSubtasks"], count);
    }
    // A template's prompt must say where the item goes.
    let (_, body) = app
        .post_graphql(
            Some(&alice.token),
            CREATE_TEMPLATE,
            json!({ "input": { "name": "n", "promptTemplate": "no placeholder" } }),
        )
        .await?;
    assert_eq!(body["errors"][0]["extensions"]["field"], "promptTemplate");
    Ok(())
}

#[tokio::test]
async fn a_failing_subtask_is_retried_and_a_job_of_failures_fails() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let worker = app.token(None, Role::ServiceRole)?;
    let template = template(&app, &alice, 2).await?;
    let created = job(
        &app,
        &alice,
        json!({ "title": "Flaky", "templateId": template, "items": list("Site", 50) }),
    )
    .await?;
    let subtask = id(&nodes(&created["subtasks"])[0]);
    // Users cannot act as workers.
    assert_eq!(
        app.error_code(Some(&alice.token), FAIL, json!({ "id": subtask }))
            .await?,
        "FORBIDDEN"
    );
    let retry = app
        .query(Some(&worker), FAIL, json!({ "id": subtask }))
        .await?;
    assert_eq!(
        retry["failWideResearchSubtask"],
        json!({ "status": "PENDING", "attempts": 1, "error": "rate limited" })
    );
    let failed = app
        .query(Some(&worker), FAIL, json!({ "id": subtask }))
        .await?;
    assert_eq!(failed["failWideResearchSubtask"]["status"], "FAILED");
    let state = progress(&app, &alice, &created).await?;
    assert_eq!(
        (
            state["status"].clone(),
            state["failedSubtasks"].clone(),
            state["progress"].clone()
        ),
        (json!("RUNNING"), json!(1), json!(2))
    );
    app.exec(
        "UPDATE wide_research_subtasks SET status = 'failed' WHERE status = 'pending'",
        [],
    )
    .await?;
    let state = progress(&app, &alice, &created).await?;
    assert_eq!(
        (state["status"].clone(), state["failedSubtasks"].clone()),
        (json!("FAILED"), json!(50))
    );
    Ok(())
}

#[tokio::test]
async fn an_owner_cancels_a_job_and_it_stays_canceled() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let created = job(
        &app,
        &alice,
        json!({ "title": "Stop me", "queries": list("q", 50) }),
    )
    .await?;
    app.exec(
        "UPDATE wide_research_subtasks SET status = 'completed' WHERE position < 10",
        [],
    )
    .await?;
    let canceled = app
        .query(
            Some(&alice.token),
            "mutation($id: UUID!) { cancelWideResearchJob(jobId: $id) { status progress finishedAt
                subtasks(filter: { status: { eq: CANCELED } }, first: 100) { edges { node { id } } } } }",
            json!({ "id": id(&created) }),
        )
        .await?["cancelWideResearchJob"]
        .clone();
    assert_eq!(canceled["status"], "CANCELED");
    assert_eq!(nodes(&canceled["subtasks"]).len(), 40);
    app.exec("UPDATE wide_research_subtasks SET status = 'completed'", [])
        .await?;
    assert_eq!(
        progress(&app, &alice, &created).await?["status"],
        "CANCELED"
    );
    Ok(())
}

#[tokio::test]
async fn nobody_else_sees_an_owners_research_or_uses_their_template() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    let template = template(&app, &alice, 3).await?;
    let created = job(
        &app,
        &alice,
        json!({ "title": "Private", "templateId": template, "items": list("x", 50) }),
    )
    .await?;
    let reads = "query($j: UUID!, $t: UUID!) { wideResearchJob(id: $j) { id } wideResearchTemplate(id: $t) { id }
        wideResearchJobs { edges { node { id } } } wideResearchSubtasks { edges { node { id } } }
        wideResearchTemplates { edges { node { id } } } }";
    let vars = json!({ "j": id(&created), "t": template });
    for token in [Some(bob.token.as_str()), None] {
        let seen = app.query(token, reads, vars.clone()).await?;
        assert!(seen["wideResearchJob"].is_null() && seen["wideResearchTemplate"].is_null());
        for list in [
            "wideResearchJobs",
            "wideResearchSubtasks",
            "wideResearchTemplates",
        ] {
            assert!(nodes(&seen[list]).is_empty(), "{list} leaked");
        }
    }
    let own = app.query(Some(&alice.token), reads, vars).await?;
    assert_eq!(node_strings(&own["wideResearchJobs"], "id"), [id(&created)]);

    assert_eq!(
        app.error_code(
            Some(&bob.token),
            CREATE_JOB,
            json!({ "input": { "title": "steal", "templateId": template, "items": list("y", 50) } })
        )
        .await?,
        "NOT_FOUND"
    );
    for (mutation, vars) in [
        (
            "mutation($id: UUID!) { cancelWideResearchJob(jobId: $id) { id } }",
            json!({ "id": id(&created) }),
        ),
        (
            "mutation($id: UUID!) { deleteWideResearchTemplate(id: $id) }",
            json!({ "id": template }),
        ),
    ] {
        assert_eq!(
            app.error_code(Some(&bob.token), mutation, vars).await?,
            "NOT_FOUND"
        );
    }
    assert_eq!(
        app.count(
            "SELECT count(*) FROM wide_research_jobs WHERE status = 'pending'",
            []
        )
        .await?,
        1
    );
    Ok(())
}

#[tokio::test]
async fn wide_research_progress_streams_the_job_as_subtasks_finish() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    let worker = app.token(None, Role::ServiceRole)?;
    let created = job(
        &app,
        &alice,
        json!({ "title": "Live", "queries": list("q", 50) }),
    )
    .await?;
    let feed =
        "subscription($j: UUID!, $after: String) { wideResearchProgress(jobId: $j, after: $after) {
        cursor kind status progress completedSubtasks failedSubtasks totalSubtasks } }";
    let vars = json!({ "j": id(&created) });

    let mut stranger = Socket::connect(app.address, TRANSPORT_WS, Some(&bob.token)).await?;
    stranger.start("1", feed, vars.clone()).await?;
    assert_eq!(stranger.next_error_code().await?, "FORBIDDEN");

    let mut socket = Socket::connect(app.address, TRANSPORT_WS, Some(&alice.token)).await?;
    socket.start("1", feed, vars.clone()).await?;
    let current = socket.next_data("wideResearchProgress").await?;
    assert_eq!(
        (
            current["kind"].clone(),
            current["status"].clone(),
            current["totalSubtasks"].clone()
        ),
        (json!("CURRENT"), json!("PENDING"), json!(50))
    );
    let subtask = id(&nodes(&created["subtasks"])[0]);
    app.query(Some(&worker), COMPLETE, json!({ "id": subtask }))
        .await?;
    let started = socket.next_data("wideResearchProgress").await?;
    assert_eq!(
        (
            started["kind"].clone(),
            started["status"].clone(),
            started["progress"].clone(),
            started["completedSubtasks"].clone()
        ),
        (json!("STATUS"), json!("RUNNING"), json!(2), json!(1))
    );
    // One SQL statement finishing 24 subtasks is one event.
    app.exec(
        "UPDATE wide_research_subtasks SET status = 'completed' WHERE status = 'pending' AND position <= 24",
        [],
    )
    .await?;
    let half = socket.next_data("wideResearchProgress").await?;
    assert_eq!(
        (
            half["kind"].clone(),
            half["progress"].clone(),
            half["completedSubtasks"].clone()
        ),
        (json!("PROGRESS"), json!(50), json!(25))
    );
    app.exec(
        "UPDATE wide_research_subtasks SET status = 'failed' WHERE status = 'pending'",
        [],
    )
    .await?;
    let done = socket.next_data("wideResearchProgress").await?;
    assert_eq!(
        (
            done["status"].clone(),
            done["progress"].clone(),
            done["failedSubtasks"].clone()
        ),
        (json!("COMPLETED"), json!(100), json!(25))
    );
    socket.expect_complete().await?;

    // Resuming after the half-way cursor replays what came after it, then completes.
    let mut again = Socket::connect(app.address, TRANSPORT_WS, Some(&alice.token)).await?;
    again
        .start(
            "1",
            feed,
            json!({ "j": id(&created), "after": half["cursor"] }),
        )
        .await?;
    let replayed = again.next_data("wideResearchProgress").await?;
    assert_eq!(
        (replayed["cursor"].clone(), replayed["status"].clone()),
        (done["cursor"].clone(), json!("COMPLETED"))
    );
    again.expect_complete().await?;
    Ok(())
}
