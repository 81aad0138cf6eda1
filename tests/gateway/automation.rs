//! Automations and scheduled tasks through the API: owners build automations from ordered
//! steps (all or nothing), enable, disable and run them; scheduled tasks follow a cron
//! expression or an interval, the runner's failures pause them, and nobody else sees any of
//! it.

use crate::common;

use anyhow::{Context as _, Result};
use chrono::{DateTime, Duration, FixedOffset, Timelike as _, Utc};
use common::{TestApp, node_strings, nodes};
use serde_json::{Value, json};
use switchyard_core::auth::Role;

const CREATE_AUTOMATION: &str = "mutation($input: CreateAutomationInput!) {
    createAutomation(input: $input) { id name isEnabled runCount
      steps { edges { node { position kind operation config } } } } }";
const RECORD_RUN: &str = "mutation($id: UUID!, $status: AutomationRunStatus!) {
    recordAutomationRun(automationId: $id, status: $status, stepsCompleted: 2, output: {sent: 1}) {
      status stepsCompleted finishedAt output } }";
const CREATE_TASK: &str = "mutation($input: CreateScheduledTaskInput!) {
    createScheduledTask(input: $input) { id status cronExpression intervalSeconds nextRunAt } }";
const RECORD_TASK_RUN: &str = "mutation($id: UUID!, $ok: Boolean!) {
    recordScheduledTaskRun(taskId: $id, succeeded: $ok, error: \"timeout\") {
      status consecutiveFailures failureCount runCount pausedReason nextRunAt lastRunStatus } }";

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap_or_default().to_owned()
}

fn step(kind: &str, operation: &str) -> Value {
    json!({ "kind": kind, "operation": operation, "config": { "of": operation } })
}

fn digest_steps() -> Value {
    json!([
        step("TRIGGER", "schedule"),
        step("CONDITION", "if_unread"),
        step("ACTION", "send_email"),
    ])
}

fn time(value: &Value) -> Result<DateTime<FixedOffset>> {
    let text = value.as_str().context("not a timestamp")?;
    Ok(DateTime::parse_from_rfc3339(text)?)
}

#[tokio::test]
async fn an_owner_builds_an_automation_from_ordered_steps_and_records_its_runs() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let automation = app
        .query(
            Some(&alice.token),
            CREATE_AUTOMATION,
            json!({ "input": { "name": "Daily digest", "steps": digest_steps() } }),
        )
        .await?["createAutomation"]
        .clone();
    assert_eq!(automation["isEnabled"], true);
    assert_eq!(
        node_strings(&automation["steps"], "operation"),
        ["schedule", "if_unread", "send_email"]
    );
    assert_eq!(
        node_strings(&automation["steps"], "kind"),
        ["TRIGGER", "CONDITION", "ACTION"]
    );

    let run = app
        .query(
            Some(&alice.token),
            RECORD_RUN,
            json!({ "id": id(&automation), "status": "SUCCEEDED" }),
        )
        .await?["recordAutomationRun"]
        .clone();
    assert_eq!(run["status"], "SUCCEEDED");
    assert_eq!(run["output"], json!({ "sent": 1 }));
    assert!(!run["finishedAt"].is_null());

    // Replacing the steps keeps the automation and its history.
    let update = "mutation($id: UUID!, $steps: [AutomationStepInput!]) {
        updateAutomation(id: $id, input: { name: \"Digest\", steps: $steps }) {
          name runCount lastRunStatus steps { edges { node { position operation } } }
          runs { edges { node { status } } } } }";
    let updated = app
        .query(
            Some(&alice.token),
            update,
            json!({ "id": id(&automation), "steps": [step("TRIGGER", "webhook"), step("ACTION", "post_to_slack")] }),
        )
        .await?["updateAutomation"]
        .clone();
    assert_eq!(updated["name"], "Digest");
    assert_eq!(
        node_strings(&updated["steps"], "operation"),
        ["webhook", "post_to_slack"]
    );
    assert_eq!(
        (
            updated["runCount"].clone(),
            updated["lastRunStatus"].clone()
        ),
        (json!(1), json!("SUCCEEDED"))
    );
    assert_eq!(node_strings(&updated["runs"], "status"), ["SUCCEEDED"]);

    // A disabled automation refuses runs until it is enabled again.
    let enable = "mutation($id: UUID!, $on: Boolean!) { setAutomationEnabled(id: $id, enabled: $on) { isEnabled } }";
    let disabled = app
        .query(
            Some(&alice.token),
            enable,
            json!({ "id": id(&automation), "on": false }),
        )
        .await?;
    assert_eq!(disabled["setAutomationEnabled"]["isEnabled"], false);
    assert_eq!(
        app.error_code(
            Some(&alice.token),
            RECORD_RUN,
            json!({ "id": id(&automation), "status": "FAILED" })
        )
        .await?,
        "CONFLICT"
    );
    app.query(
        Some(&alice.token),
        enable,
        json!({ "id": id(&automation), "on": true }),
    )
    .await?;
    let running = app
        .query(
            Some(&alice.token),
            RECORD_RUN,
            json!({ "id": id(&automation), "status": "RUNNING" }),
        )
        .await?;
    assert!(running["recordAutomationRun"]["finishedAt"].is_null());

    let deleted = app
        .query(
            Some(&alice.token),
            "mutation($id: UUID!) { deleteAutomation(id: $id) }",
            json!({ "id": id(&automation) }),
        )
        .await?;
    assert_eq!(deleted["deleteAutomation"], id(&automation));
    assert_eq!(
        app.count("SELECT count(*) FROM automation_steps", [])
            .await?,
        0
    );
    Ok(())
}

#[tokio::test]
async fn a_bad_step_leaves_nothing_written() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let create = |steps: Value| json!({ "input": { "name": "Broken", "steps": steps } });
    let (_, body) = app
        .post_graphql(
            Some(&alice.token),
            CREATE_AUTOMATION,
            create(json!([step("ACTION", "send_email")])),
        )
        .await?;
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "steps");
    for steps in [
        json!([]),
        json!([step("TRIGGER", "a"), step("TRIGGER", "b")]),
        json!([{ "kind": "TRIGGER", "operation": "a", "config": [1, 2] }]),
    ] {
        assert_eq!(
            app.error_code(Some(&alice.token), CREATE_AUTOMATION, create(steps))
                .await?,
            "BAD_USER_INPUT"
        );
    }
    // The database refuses the third step after the automation and two steps were
    // written: the whole request is rolled back.
    let (_, body) = app
        .post_graphql(
            Some(&alice.token),
            CREATE_AUTOMATION,
            create(json!([
                step("TRIGGER", "schedule"),
                step("CONDITION", "if_unread"),
                step("ACTION", &"x".repeat(101)),
            ])),
        )
        .await?;
    assert_eq!(body["errors"][0]["extensions"]["field"], "steps");
    assert_eq!(app.count("SELECT count(*) FROM automations", []).await?, 0);
    assert_eq!(
        app.count("SELECT count(*) FROM automation_steps", [])
            .await?,
        0
    );

    // A refused replacement keeps the old steps.
    let automation = app
        .query(
            Some(&alice.token),
            CREATE_AUTOMATION,
            create(digest_steps()),
        )
        .await?["createAutomation"]
        .clone();
    let update = "mutation($id: UUID!, $steps: [AutomationStepInput!]) {
        updateAutomation(id: $id, input: { steps: $steps }) { id } }";
    let code = app
        .error_code(
            Some(&alice.token),
            update,
            json!({ "id": id(&automation), "steps": [step("TRIGGER", "webhook"), step("ACTION", "")] }),
        )
        .await?;
    assert_eq!(code, "BAD_USER_INPUT");
    assert_eq!(
        app.count("SELECT count(*) FROM automation_steps", [])
            .await?,
        3
    );
    Ok(())
}

#[tokio::test]
async fn a_bad_schedule_is_refused_naming_the_field() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let task = |schedule: Value| json!({ "input": { "name": "Digest", "action": "send_digest", "schedule": schedule } });
    for (schedule, field) in [
        (json!({ "cronExpression": "61 * * * *" }), "cronExpression"),
        (json!({ "cronExpression": "every day" }), "cronExpression"),
        (json!({ "cronExpression": "0 0 30 2 *" }), "cronExpression"),
        (json!({ "intervalSeconds": 10 }), "intervalSeconds"),
        (
            json!({ "cronExpression": "0 9 * * *", "intervalSeconds": 3600 }),
            "schedule",
        ),
        (json!({}), "schedule"),
    ] {
        let (_, body) = app
            .post_graphql(Some(&alice.token), CREATE_TASK, task(schedule.clone()))
            .await?;
        let error = &body["errors"][0];
        assert_eq!(
            (
                error["extensions"]["code"].clone(),
                error["extensions"]["field"].clone()
            ),
            (json!("BAD_USER_INPUT"), json!(field)),
            "{schedule}: {body}"
        );
    }
    assert_eq!(
        app.count("SELECT count(*) FROM scheduled_tasks", [])
            .await?,
        0
    );

    let created = app
        .query(
            Some(&alice.token),
            CREATE_TASK,
            task(json!({ "cronExpression": "*/15 * * * *" })),
        )
        .await?["createScheduledTask"]
        .clone();
    let update = "mutation($id: UUID!, $cron: String) {
        updateScheduledTask(id: $id, input: { schedule: { cronExpression: $cron } }) { cronExpression } }";
    let (_, body) = app
        .post_graphql(
            Some(&alice.token),
            update,
            json!({ "id": id(&created), "cron": "* * * * * * * *" }),
        )
        .await?;
    assert_eq!(body["errors"][0]["extensions"]["field"], "cronExpression");
    let updated = app
        .query(
            Some(&alice.token),
            update,
            json!({ "id": id(&created), "cron": "0 9 * * 1-5" }),
        )
        .await?;
    assert_eq!(
        updated["updateScheduledTask"]["cronExpression"],
        "0 9 * * 1-5"
    );
    Ok(())
}

#[tokio::test]
async fn next_run_at_follows_the_schedule_and_advances_with_each_run() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let runner = app.token(None, Role::ServiceRole)?;
    let before = Utc::now();
    let daily = app
        .query(
            Some(&alice.token),
            CREATE_TASK,
            json!({ "input": { "name": "Morning digest", "action": "send_digest",
                               "schedule": { "cronExpression": "0 9 * * *" } } }),
        )
        .await?["createScheduledTask"]
        .clone();
    let first = time(&daily["nextRunAt"])?;
    assert_eq!((first.hour(), first.minute(), first.second()), (9, 0, 0));
    assert!(first > before && first <= before + Duration::days(1));

    // The runner reports the 09:00 run: the next one is the following day's 09:00.
    let ran = app
        .query(
            Some(&runner),
            RECORD_TASK_RUN,
            json!({ "id": id(&daily), "ok": true }),
        )
        .await?["recordScheduledTaskRun"]
        .clone();
    assert_eq!(time(&ran["nextRunAt"])?, first + Duration::days(1));
    assert_eq!(
        (ran["runCount"].clone(), ran["lastRunStatus"].clone()),
        (json!(1), json!("SUCCEEDED"))
    );

    let hourly = app
        .query(
            Some(&alice.token),
            CREATE_TASK,
            json!({ "input": { "name": "Sync", "action": "sync",
                               "schedule": { "intervalSeconds": 3600 } } }),
        )
        .await?["createScheduledTask"]
        .clone();
    let due = time(&hourly["nextRunAt"])?;
    assert!(due > before + Duration::minutes(59));
    let ran = app
        .query(
            Some(&runner),
            RECORD_TASK_RUN,
            json!({ "id": id(&hourly), "ok": true }),
        )
        .await?["recordScheduledTaskRun"]
        .clone();
    assert_eq!(time(&ran["nextRunAt"])?, due + Duration::hours(1));

    // The runner finds due tasks with a filter (the service role sees every task).
    let soon = (Utc::now() + Duration::days(2)).to_rfc3339();
    let due_tasks = app
        .query(
            Some(&runner),
            "query($before: DateTime!) { scheduledTasks(filter: { status: { eq: ACTIVE }, nextRunAt: { lte: $before } }, orderBy: { field: NAME, direction: ASC }) { edges { node { name } } } }",
            json!({ "before": soon }),
        )
        .await?;
    assert_eq!(
        node_strings(&due_tasks["scheduledTasks"], "name"),
        ["Morning digest", "Sync"]
    );
    Ok(())
}

#[tokio::test]
async fn the_runner_pauses_a_task_after_three_failures_in_a_row() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let runner = app.token(None, Role::ServiceRole)?;
    let task = app
        .query(
            Some(&alice.token),
            CREATE_TASK,
            json!({ "input": { "name": "Backup", "action": "backup",
                               "schedule": { "cronExpression": "0 */6 * * *" } } }),
        )
        .await?["createScheduledTask"]
        .clone();
    // Only the runner reports runs.
    assert_eq!(
        app.error_code(
            Some(&alice.token),
            RECORD_TASK_RUN,
            json!({ "id": id(&task), "ok": true })
        )
        .await?,
        "FORBIDDEN"
    );

    let mut last = Value::Null;
    for (ok, streak) in [(false, 1), (false, 2), (true, 0), (false, 1), (false, 2)] {
        last = app
            .query(
                Some(&runner),
                RECORD_TASK_RUN,
                json!({ "id": id(&task), "ok": ok }),
            )
            .await?["recordScheduledTaskRun"]
            .clone();
        assert_eq!(
            (last["status"].clone(), last["consecutiveFailures"].clone()),
            (json!("ACTIVE"), json!(streak))
        );
    }
    assert!(!last["nextRunAt"].is_null());
    let paused = app
        .query(
            Some(&runner),
            RECORD_TASK_RUN,
            json!({ "id": id(&task), "ok": false }),
        )
        .await?["recordScheduledTaskRun"]
        .clone();
    assert_eq!(
        (
            paused["status"].clone(),
            paused["consecutiveFailures"].clone(),
            paused["failureCount"].clone(),
            paused["runCount"].clone(),
            paused["nextRunAt"].clone(),
        ),
        (json!("PAUSED"), json!(3), json!(5), json!(6), Value::Null)
    );
    assert_eq!(
        paused["pausedReason"],
        "paused after 3 consecutive failures"
    );

    // The owner sees the history, then resumes: the streak starts over.
    let history = app
        .query(
            Some(&alice.token),
            "query($id: UUID!) { scheduledTask(id: $id) { runs(first: 10) { edges { node { status error } } } } }",
            json!({ "id": id(&task) }),
        )
        .await?;
    let runs = nodes(&history["scheduledTask"]["runs"]);
    assert_eq!(runs.len(), 6);
    assert!(runs.iter().any(|run| run["error"] == "timeout"));
    let resume = "mutation($id: UUID!) { resumeScheduledTask(id: $id) { status consecutiveFailures pausedReason nextRunAt } }";
    let resumed = app
        .query(Some(&alice.token), resume, json!({ "id": id(&task) }))
        .await?["resumeScheduledTask"]
        .clone();
    assert_eq!(
        (
            resumed["status"].clone(),
            resumed["consecutiveFailures"].clone(),
            resumed["pausedReason"].clone()
        ),
        (json!("ACTIVE"), json!(0), Value::Null)
    );
    assert!(time(&resumed["nextRunAt"])? > Utc::now());

    // Pausing by hand works the same way, and a paused task is not due.
    let pause =
        "mutation($id: UUID!) { pauseScheduledTask(id: $id) { status nextRunAt pausedReason } }";
    let paused = app
        .query(Some(&alice.token), pause, json!({ "id": id(&task) }))
        .await?["pauseScheduledTask"]
        .clone();
    assert_eq!(
        (paused["status"].clone(), paused["nextRunAt"].clone()),
        (json!("PAUSED"), Value::Null)
    );
    Ok(())
}

#[tokio::test]
async fn nobody_else_sees_or_touches_an_owners_automations_and_tasks() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    let automation = app
        .query(
            Some(&alice.token),
            CREATE_AUTOMATION,
            json!({ "input": { "name": "Mine", "steps": digest_steps() } }),
        )
        .await?["createAutomation"]
        .clone();
    app.query(
        Some(&alice.token),
        RECORD_RUN,
        json!({ "id": id(&automation), "status": "SUCCEEDED" }),
    )
    .await?;
    let task = app
        .query(
            Some(&alice.token),
            CREATE_TASK,
            json!({ "input": { "name": "Mine", "action": "a", "schedule": { "intervalSeconds": 600 } } }),
        )
        .await?["createScheduledTask"]
        .clone();

    let reads =
        "query($a: UUID!, $t: UUID!) { automation(id: $a) { id } scheduledTask(id: $t) { id }
        automations { edges { node { id } } } automationSteps { edges { node { id } } }
        automationRuns { edges { node { id } } } scheduledTasks { edges { node { id } } } }";
    let vars = json!({ "a": id(&automation), "t": id(&task) });
    let seen = app.query(Some(&bob.token), reads, vars.clone()).await?;
    assert!(seen["automation"].is_null() && seen["scheduledTask"].is_null());
    for list in [
        "automations",
        "automationSteps",
        "automationRuns",
        "scheduledTasks",
    ] {
        assert!(nodes(&seen[list]).is_empty(), "{list} leaked to bob");
    }
    let anonymous = app.query(None, reads, vars.clone()).await?;
    assert!(nodes(&anonymous["automations"]).is_empty());
    // The owner sees all of it.
    let own = app.query(Some(&alice.token), reads, vars).await?;
    assert_eq!(nodes(&own["automationSteps"]).len(), 3);
    assert_eq!(nodes(&own["automationRuns"]).len(), 1);

    let a = json!({ "id": id(&automation) });
    let t = json!({ "id": id(&task) });
    for (mutation, vars) in [
        (
            "mutation($id: UUID!) { updateAutomation(id: $id, input: { name: \"x\" }) { id } }",
            &a,
        ),
        (
            "mutation($id: UUID!) { updateAutomation(id: $id, input: { steps: [{ kind: TRIGGER, operation: \"x\" }] }) { id } }",
            &a,
        ),
        (
            "mutation($id: UUID!) { setAutomationEnabled(id: $id, enabled: false) { id } }",
            &a,
        ),
        ("mutation($id: UUID!) { deleteAutomation(id: $id) }", &a),
        (
            "mutation($id: UUID!) { recordAutomationRun(automationId: $id, status: SUCCEEDED) { id } }",
            &a,
        ),
        (
            "mutation($id: UUID!) { pauseScheduledTask(id: $id) { id } }",
            &t,
        ),
        (
            "mutation($id: UUID!) { resumeScheduledTask(id: $id) { id } }",
            &t,
        ),
        (
            "mutation($id: UUID!) { updateScheduledTask(id: $id, input: { name: \"x\" }) { id } }",
            &t,
        ),
        ("mutation($id: UUID!) { deleteScheduledTask(id: $id) }", &t),
    ] {
        assert_eq!(
            app.error_code(Some(&bob.token), mutation, vars.clone())
                .await?,
            "NOT_FOUND",
            "{mutation}"
        );
    }
    assert_eq!(
        app.count("SELECT count(*) FROM automation_steps", [])
            .await?,
        3
    );
    assert_eq!(
        app.count(
            "SELECT count(*) FROM scheduled_tasks WHERE status = 'active'",
            []
        )
        .await?,
        1
    );
    Ok(())
}
