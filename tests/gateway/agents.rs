//! Agent runs (seed 002): a run reserves its credit budget, its steps consume credits out of
//! that reservation, the run's statistics and completion follow its steps, and a finished
//! run gives back what it did not spend; others see nothing of it; its live feed follows API
//! and plain-SQL changes to the end; the agent's memory is searchable by embedding.

use crate::common;

use anyhow::{Context as _, Result};
use common::socket::{Socket, TRANSPORT_WS};
use common::{TestApp, TestUser, nodes};
use serde_json::{Value, json};

const CREATE_RUN: &str = "mutation($input: CreateAgentRunInput!) {
  createAgentRun(input: $input) { id title status mode creditBudget creditsUsed progress }
}";
const UPDATE_RUN: &str = "mutation($id: UUID!, $input: UpdateAgentRunInput!) {
  updateAgentRun(id: $id, input: $input) { id status progress error }
}";
const CANCEL_RUN: &str = "mutation($id: UUID!) { cancelAgentRun(id: $id) { id status } }";
const ADD_STEP: &str = "mutation($run: UUID!, $input: AddAgentStepInput!) {
  addAgentStep(runId: $run, input: $input) { id stepNumber status creditsUsed }
}";
const UPDATE_STEP: &str = "mutation($id: UUID!, $input: UpdateAgentStepInput!) {
  updateAgentStep(id: $id, input: $input) { id status creditsUsed }
}";
const RUN: &str = "query($id: UUID!) {
  agentRun(id: $id) {
    status progress creditBudget creditsUsed totalSteps completedSteps failedSteps
    steps(orderBy: { field: STEP_NUMBER, direction: ASC }) {
      edges { node { stepNumber name status creditsUsed run { id } } }
    }
  }
}";
const CREDITS: &str = "{ checkCredits { balance reserved available } }";
const LEDGER: &str = "{
  creditTransactions(first: 100, orderBy: { field: CREATED_AT, direction: ASC }) {
    edges { node { createdAt kind amount balanceAfter reservedAfter } }
  }
}";

/// Gives `user` a balance directly, as the billing back office would.
async fn fund(app: &TestApp, user: &TestUser, credits: i64) -> Result<()> {
    app.exec(
        "INSERT INTO credit_balances (user_id, balance) VALUES ($1, $2)",
        [user.id.into(), credits.into()],
    )
    .await
}

/// Starts a run for `user` with `budget` credits and returns its id.
async fn start_run(app: &TestApp, user: &TestUser, title: &str, budget: i64) -> Result<String> {
    let data = app
        .query(
            Some(&user.token),
            CREATE_RUN,
            json!({ "input": { "title": title, "creditBudget": budget, "mode": "RESEARCH" } }),
        )
        .await?;
    data["createAgentRun"]["id"]
        .as_str()
        .map(str::to_owned)
        .context("createAgentRun returned no id")
}

/// Records a step and returns its id.
async fn add_step(app: &TestApp, user: &TestUser, run: &str, input: Value) -> Result<String> {
    let data = app
        .query(
            Some(&user.token),
            ADD_STEP,
            json!({ "run": run, "input": input }),
        )
        .await?;
    data["addAgentStep"]["id"]
        .as_str()
        .map(str::to_owned)
        .context("addAgentStep returned no id")
}

/// The first error of a failed request: its code and field.
async fn refusal(
    app: &TestApp,
    user: &TestUser,
    query: &str,
    variables: Value,
) -> Result<(String, String)> {
    let (_, body) = app
        .post_graphql(Some(&user.token), query, variables)
        .await?;
    let extensions = &body["errors"][0]["extensions"];
    Ok((
        extensions["code"]
            .as_str()
            .with_context(|| format!("expected an error, got {body}"))?
            .to_owned(),
        extensions["field"].as_str().unwrap_or_default().to_owned(),
    ))
}

/// The user's ledger, as they read it, as (kind, amount, balance after, reserved after), in
/// the order it was written. Entries of one transaction share `created_at`; within one,
/// the reserved credits only go down (a step's charge, then the release).
async fn ledger(app: &TestApp, user: &TestUser) -> Result<Vec<(String, i64, i64, i64)>> {
    let data = app.query(Some(&user.token), LEDGER, json!({})).await?;
    let mut rows: Vec<(String, String, i64, i64, i64)> = nodes(&data["creditTransactions"])
        .iter()
        .map(|row| {
            (
                row["createdAt"].as_str().unwrap_or_default().to_owned(),
                row["kind"].as_str().unwrap_or_default().to_owned(),
                row["amount"].as_i64().unwrap_or(-1),
                row["balanceAfter"].as_i64().unwrap_or(-1),
                row["reservedAfter"].as_i64().unwrap_or(-1),
            )
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0).then(b.4.cmp(&a.4)));
    Ok(rows
        .into_iter()
        .map(|(_, kind, amount, balance, reserved)| (kind, amount, balance, reserved))
        .collect())
}

fn entry(kind: &str, amount: i64, balance: i64, reserved: i64) -> (String, i64, i64, i64) {
    (kind.to_owned(), amount, balance, reserved)
}

#[tokio::test]
async fn a_run_reserves_its_budget_steps_consume_it_and_completion_gives_back_the_rest()
-> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let token = Some(ada.token.as_str());
    fund(&app, &ada, 100).await?;

    let created = app
        .query(
            token,
            CREATE_RUN,
            json!({ "input": { "title": "Compare three laptops", "creditBudget": 40 } }),
        )
        .await?;
    assert_eq!(created["createAgentRun"]["status"], "PENDING", "{created}");
    assert_eq!(created["createAgentRun"]["mode"], "AGENT");
    let run = created["createAgentRun"]["id"].as_str().context("no id")?;
    assert_eq!(
        app.query(token, CREDITS, json!({})).await?["checkCredits"],
        json!({ "balance": 100, "reserved": 40, "available": 60 })
    );

    let search = add_step(
        &app,
        &ada,
        run,
        json!({ "name": "search the web", "toolType": "SEARCH", "status": "RUNNING" }),
    )
    .await?;
    let write = add_step(
        &app,
        &ada,
        run,
        json!({ "name": "write the table", "toolType": "LLM" }),
    )
    .await?;
    app.query(
        token,
        UPDATE_RUN,
        json!({ "id": run, "input": { "status": "RUNNING" } }),
    )
    .await?;
    app.query(
        token,
        UPDATE_STEP,
        json!({ "id": search, "input": { "status": "COMPLETED", "creditsUsed": 15, "output": { "hits": 3 } } }),
    )
    .await?;
    let halfway = app.query(token, RUN, json!({ "id": run })).await?;
    assert_eq!(
        (
            halfway["agentRun"]["status"].clone(),
            halfway["agentRun"]["progress"].clone(),
            halfway["agentRun"]["creditsUsed"].clone(),
            halfway["agentRun"]["totalSteps"].clone(),
            halfway["agentRun"]["completedSteps"].clone(),
        ),
        (json!("RUNNING"), json!(50), json!(15), json!(2), json!(1))
    );

    // 25 credits are left in the reservation: a step cannot spend 30.
    assert_eq!(
        refusal(
            &app,
            &ada,
            UPDATE_STEP,
            json!({ "id": write, "input": { "creditsUsed": 30 } })
        )
        .await?,
        ("CONFLICT".into(), "creditsUsed".into())
    );
    // The last step done: the running run completes by itself and releases the rest.
    app.query(
        token,
        UPDATE_STEP,
        json!({ "id": write, "input": { "status": "COMPLETED", "creditsUsed": 10 } }),
    )
    .await?;
    let done = app.query(token, RUN, json!({ "id": run })).await?;
    assert_eq!(done["agentRun"]["status"], "COMPLETED");
    assert_eq!(done["agentRun"]["progress"], 100);
    assert_eq!(done["agentRun"]["creditsUsed"], 25);
    let steps = nodes(&done["agentRun"]["steps"]);
    assert_eq!(
        steps
            .iter()
            .map(|step| (
                step["stepNumber"].clone(),
                step["name"].clone(),
                step["run"]["id"].clone()
            ))
            .collect::<Vec<_>>(),
        [
            (json!(1), json!("search the web"), json!(run)),
            (json!(2), json!("write the table"), json!(run)),
        ]
    );
    assert_eq!(
        app.query(token, CREDITS, json!({})).await?["checkCredits"],
        json!({ "balance": 75, "reserved": 0, "available": 75 })
    );
    assert_eq!(
        ledger(&app, &ada).await?,
        [
            entry("RESERVE", 40, 100, 40),
            entry("CONSUME", 15, 85, 25),
            entry("CONSUME", 10, 75, 15),
            entry("RELEASE", 15, 75, 0),
        ]
    );

    // A finished run stays finished and takes no new steps.
    assert_eq!(
        refusal(
            &app,
            &ada,
            UPDATE_RUN,
            json!({ "id": run, "input": { "status": "RUNNING" } })
        )
        .await?,
        ("CONFLICT".into(), "status".into())
    );
    assert_eq!(
        refusal(
            &app,
            &ada,
            ADD_STEP,
            json!({ "run": run, "input": { "name": "one more", "toolType": "LLM" } })
        )
        .await?,
        ("CONFLICT".into(), "runId".into())
    );
    Ok(())
}

#[tokio::test]
async fn without_enough_credits_no_run_starts_and_nothing_is_written() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let bob = app.create_user("bob").await?;
    fund(&app, &ada, 10).await?;

    let (_, body) = app
        .post_graphql(
            Some(&ada.token),
            CREATE_RUN,
            json!({ "input": { "title": "Write a novel", "creditBudget": 50 } }),
        )
        .await?;
    let error = &body["errors"][0];
    assert_eq!(error["extensions"]["code"], "CONFLICT", "{body}");
    assert_eq!(error["extensions"]["field"], "creditBudget");
    assert_eq!(
        error["message"],
        "not enough credits: 50 needed, 10 available"
    );
    // Without any balance at all, the same answer.
    assert_eq!(
        refusal(
            &app,
            &bob,
            CREATE_RUN,
            json!({ "input": { "title": "Anything", "creditBudget": 1 } })
        )
        .await?,
        ("CONFLICT".into(), "creditBudget".into())
    );
    assert_eq!(app.count("SELECT count(*) FROM agent_runs", []).await?, 0);
    assert!(ledger(&app, &ada).await?.is_empty());
    assert_eq!(
        app.query(Some(&ada.token), CREDITS, json!({})).await?["checkCredits"],
        json!({ "balance": 10, "reserved": 0, "available": 10 })
    );

    for (input, field) in [
        (json!({ "title": "x", "creditBudget": 0 }), "creditBudget"),
        (json!({ "title": "  ", "creditBudget": 5 }), "title"),
        (
            json!({ "title": "x", "creditBudget": 5, "config": [1] }),
            "config",
        ),
    ] {
        assert_eq!(
            refusal(&app, &ada, CREATE_RUN, json!({ "input": input })).await?,
            ("BAD_USER_INPUT".into(), field.into())
        );
    }
    let anonymous = app
        .error_code(
            None,
            CREATE_RUN,
            json!({ "input": { "title": "x", "creditBudget": 5 } }),
        )
        .await?;
    assert_eq!(anonymous, "UNAUTHENTICATED");
    Ok(())
}

#[tokio::test]
async fn failing_or_cancelling_a_run_releases_what_remains_and_cancels_its_open_steps() -> Result<()>
{
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let token = Some(ada.token.as_str());
    fund(&app, &ada, 100).await?;

    let failing = start_run(&app, &ada, "Scrape a site", 30).await?;
    // A step recorded once done consumes its credits at once.
    add_step(
        &app,
        &ada,
        &failing,
        json!({ "name": "open the page", "toolType": "BROWSER", "status": "COMPLETED", "creditsUsed": 5 }),
    )
    .await?;
    let open = add_step(
        &app,
        &ada,
        &failing,
        json!({ "name": "click through", "toolType": "BROWSER", "status": "RUNNING" }),
    )
    .await?;
    assert_eq!(
        refusal(
            &app,
            &ada,
            UPDATE_RUN,
            json!({ "id": failing, "input": { "status": "FAILED" } })
        )
        .await?,
        ("BAD_USER_INPUT".into(), "error".into()),
        "a failure needs its reason"
    );
    let failed = app
        .query(
            token,
            UPDATE_RUN,
            json!({ "id": failing, "input": { "status": "FAILED", "error": "the site blocked us" } }),
        )
        .await?;
    assert_eq!(
        failed["updateAgentRun"]["error"], "the site blocked us",
        "{failed}"
    );
    let run = app.query(token, RUN, json!({ "id": failing })).await?;
    let statuses: Vec<Value> = nodes(&run["agentRun"]["steps"])
        .iter()
        .map(|step| step["status"].clone())
        .collect();
    assert_eq!(statuses, [json!("COMPLETED"), json!("CANCELLED")]);
    // The cancelled step cannot be finished afterwards.
    assert_eq!(
        refusal(
            &app,
            &ada,
            UPDATE_STEP,
            json!({ "id": open, "input": { "status": "COMPLETED", "creditsUsed": 3 } })
        )
        .await?,
        ("CONFLICT".into(), "status".into())
    );

    let cancelled = start_run(&app, &ada, "Plan a trip", 20).await?;
    let answer = app
        .query(token, CANCEL_RUN, json!({ "id": cancelled }))
        .await?;
    assert_eq!(answer["cancelAgentRun"]["status"], "CANCELLED");

    assert_eq!(
        app.query(token, CREDITS, json!({})).await?["checkCredits"],
        json!({ "balance": 95, "reserved": 0, "available": 95 })
    );
    assert_eq!(
        ledger(&app, &ada).await?,
        [
            entry("RESERVE", 30, 100, 30),
            entry("CONSUME", 5, 95, 25),
            entry("RELEASE", 25, 95, 0),
            entry("RESERVE", 20, 95, 20),
            entry("RELEASE", 20, 95, 0),
        ]
    );
    Ok(())
}

#[tokio::test]
async fn a_plan_limits_the_runs_going_at_once() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    fund(&app, &ada, 100).await?;
    let second = json!({ "input": { "title": "Second", "creditBudget": 10 } });

    // The free plan: one run at a time, and a refused start reserves nothing.
    let first = start_run(&app, &ada, "First", 10).await?;
    assert_eq!(
        refusal(&app, &ada, CREATE_RUN, second.clone()).await?,
        ("CONFLICT".into(), "input".into())
    );
    let credits = app.query(Some(&ada.token), CREDITS, json!({})).await?;
    assert_eq!(credits["checkCredits"]["reserved"], 10, "{credits}");
    app.query(Some(&ada.token), CANCEL_RUN, json!({ "id": first }))
        .await?;
    start_run(&app, &ada, "Second", 10).await?;

    // Pro: three at a time.
    app.exec(
        "INSERT INTO subscriptions (user_id, tier_id) SELECT $1, id FROM subscription_tiers WHERE slug = 'pro'",
        [ada.id.into()],
    )
    .await?;
    start_run(&app, &ada, "Third", 10).await?;
    start_run(&app, &ada, "Fourth", 10).await?;
    assert_eq!(
        refusal(&app, &ada, CREATE_RUN, second).await?,
        ("CONFLICT".into(), "input".into())
    );
    Ok(())
}

#[tokio::test]
async fn another_user_sees_nothing_of_a_run_and_cannot_touch_it() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let bob = app.create_user("bob").await?;
    fund(&app, &ada, 100).await?;
    let run = start_run(&app, &ada, "Private research", 10).await?;
    let step = add_step(
        &app,
        &ada,
        &run,
        json!({ "name": "think", "toolType": "LLM" }),
    )
    .await?;
    app.query(
        Some(&ada.token),
        "mutation($run: UUID!) {
          addAgentMessage(runId: $run, role: USER, content: \"find me a flat\") { id }
          addAgentArtifact(runId: $run, input: {
            name: \"report.md\", storagePath: \"runs/report.md\",
            contentHash: \"9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08\",
            sizeBytes: 1200, mimeType: \"text/markdown\"
          }) { id contentHash }
          addAgentMemory(input: { key: \"city\", content: \"lives in Lisbon\", runId: $run }) { id }
        }",
        json!({ "run": run }),
    )
    .await?;

    let own = app
        .query(
            Some(&ada.token),
            "query($id: UUID!) { agentRun(id: $id) {
               messages { edges { node { content role } } }
               artifacts { edges { node { name contentHash step { id } } } }
               memories { edges { node { key content } } }
             } }",
            json!({ "id": run }),
        )
        .await?;
    assert_eq!(
        nodes(&own["agentRun"]["messages"]),
        [json!({ "content": "find me a flat", "role": "USER" })]
    );
    assert_eq!(
        nodes(&own["agentRun"]["artifacts"]),
        [json!({
            "name": "report.md",
            "contentHash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "step": null
        })]
    );
    assert_eq!(
        nodes(&own["agentRun"]["memories"]),
        [json!({ "key": "city", "content": "lives in Lisbon" })]
    );

    let seen = app
        .query(
            Some(&bob.token),
            "query($id: UUID!) {
              agentRun(id: $id) { id }
              agentRuns { edges { node { id } } }
              agentSteps { edges { node { id } } }
              agentArtifacts { edges { node { id } } }
              agentMessages { edges { node { id } } }
              agentMemory { edges { node { id } } }
            }",
            json!({ "id": run }),
        )
        .await?;
    assert_eq!(seen["agentRun"], Value::Null);
    for list in [
        "agentRuns",
        "agentSteps",
        "agentArtifacts",
        "agentMessages",
        "agentMemory",
    ] {
        assert_eq!(nodes(&seen[list]), Vec::<Value>::new(), "{list}");
    }
    for (query, variables) in [
        (
            UPDATE_RUN,
            json!({ "id": run, "input": { "progress": 99 } }),
        ),
        (CANCEL_RUN, json!({ "id": run })),
        (
            ADD_STEP,
            json!({ "run": run, "input": { "name": "sneak", "toolType": "LLM" } }),
        ),
        (
            UPDATE_STEP,
            json!({ "id": step, "input": { "status": "SKIPPED" } }),
        ),
    ] {
        assert_eq!(
            app.error_code(Some(&bob.token), query, variables).await?,
            "NOT_FOUND",
            "{query}"
        );
    }
    // Ada's run is as she left it.
    let untouched = app
        .query(Some(&ada.token), RUN, json!({ "id": run }))
        .await?;
    assert_eq!(untouched["agentRun"]["status"], "PENDING");
    assert_eq!(untouched["agentRun"]["progress"], 0);
    Ok(())
}

#[tokio::test]
async fn agent_run_events_follow_api_and_plain_sql_changes_until_the_run_ends() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let bob = app.create_user("bob").await?;
    fund(&app, &ada, 50).await?;
    let run = start_run(&app, &ada, "Summarise the news", 20).await?;
    let feed = "subscription($run: UUID!, $after: String) {
      agentRunEvents(runId: $run, after: $after) { cursor kind status progress progressMessage totalSteps }
    }";

    let mut stranger = Socket::connect(app.address, TRANSPORT_WS, Some(&bob.token)).await?;
    stranger.start("1", feed, json!({ "run": run })).await?;
    assert_eq!(stranger.next_error_code().await?, "FORBIDDEN");

    let mut socket = Socket::connect(app.address, TRANSPORT_WS, Some(&ada.token)).await?;
    socket.start("1", feed, json!({ "run": run })).await?;
    let current = socket.next_data("agentRunEvents").await?;
    assert_eq!(
        (current["kind"].clone(), current["status"].clone()),
        (json!("CURRENT"), json!("PENDING"))
    );
    app.query(
        Some(&ada.token),
        UPDATE_RUN,
        json!({ "id": run, "input": { "status": "RUNNING" } }),
    )
    .await?;
    let running = socket.next_data("agentRunEvents").await?;
    assert_eq!(
        (running["kind"].clone(), running["status"].clone()),
        (json!("STATUS"), json!("RUNNING"))
    );
    add_step(
        &app,
        &ada,
        &run,
        json!({ "name": "read", "toolType": "SEARCH" }),
    )
    .await?;
    assert_eq!(
        socket.next_data("agentRunEvents").await?["totalSteps"],
        1,
        "step statistics reach the feed"
    );
    // A worker writing plain SQL drives the feed the same way.
    app.exec(
        "UPDATE agent_runs SET progress = 40, progress_message = 'reading' WHERE id = $1",
        [uuid::Uuid::parse_str(&run)?.into()],
    )
    .await?;
    let progress = socket.next_data("agentRunEvents").await?;
    assert_eq!(
        (
            progress["kind"].clone(),
            progress["progress"].clone(),
            progress["progressMessage"].clone()
        ),
        (json!("PROGRESS"), json!(40), json!("reading"))
    );
    app.exec(
        "UPDATE agent_runs SET status = 'timed_out' WHERE id = $1",
        [uuid::Uuid::parse_str(&run)?.into()],
    )
    .await?;
    assert_eq!(
        socket.next_data("agentRunEvents").await?["status"],
        "TIMED_OUT"
    );
    socket.expect_complete().await?;
    // The plain-SQL ending released the run's credits too.
    assert_eq!(
        app.query(Some(&ada.token), CREDITS, json!({})).await?["checkCredits"],
        json!({ "balance": 50, "reserved": 0, "available": 50 })
    );

    // Resuming after the first event replays every change since, then ends.
    socket
        .start("2", feed, json!({ "run": run, "after": current["cursor"] }))
        .await?;
    let mut replayed = Vec::new();
    for _ in 0..4 {
        let event = socket.next_data("agentRunEvents").await?;
        replayed.push((event["kind"].clone(), event["status"].clone()));
    }
    socket.expect_complete().await?;
    assert_eq!(
        replayed,
        [
            (json!("STATUS"), json!("RUNNING")),
            (json!("PROGRESS"), json!("RUNNING")),
            (json!("PROGRESS"), json!("RUNNING")),
            (json!("STATUS"), json!("TIMED_OUT")),
        ]
    );
    Ok(())
}

const DIMENSIONS: usize = 384;

fn cosine_distance(a: &[f64], b: &[f64]) -> f64 {
    let dot: f64 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let norm = |v: &[f64]| v.iter().map(|x| x * x).sum::<f64>().sqrt();
    1.0 - dot / (norm(a) * norm(b))
}

#[tokio::test]
async fn agent_memory_search_agrees_with_brute_force_and_refuses_bad_vectors() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let bob = app.create_user("bob").await?;
    let mut rng = fastrand::Rng::with_seed(2026);
    let mut random = || -> Vec<f64> { (0..DIMENSIONS).map(|_| rng.f64() - 0.5).collect() };
    let remember = "mutation($input: AddAgentMemoryInput!) { addAgentMemory(input: $input) { id key content } }";

    let mut stored = Vec::new();
    for n in 0..12 {
        let vector = random();
        let data = app
            .query(
                Some(&ada.token),
                remember,
                json!({ "input": { "key": format!("fact-{n}"), "content": format!("fact number {n}"), "embedding": vector } }),
            )
            .await?;
        let id = data["addAgentMemory"]["id"]
            .as_str()
            .context("no id")?
            .to_owned();
        stored.push((id, vector));
    }
    // Bob's memory is near everything but never in Ada's results.
    let query = random();
    app.query(
        Some(&bob.token),
        remember,
        json!({ "input": { "key": "fact-0", "content": "bob's", "embedding": query } }),
    )
    .await?;

    let mut expected: Vec<(String, f64)> = stored
        .iter()
        .map(|(id, vector)| (id.clone(), cosine_distance(&query, vector)))
        .collect();
    expected.sort_by(|a, b| a.1.total_cmp(&b.1));
    let search = "query($embedding: [Float!]!, $limit: Int) {
      searchAgentMemory(embedding: $embedding, limit: $limit) { distance node { id key } }
    }";
    let found = app
        .query(
            Some(&ada.token),
            search,
            json!({ "embedding": query, "limit": 5 }),
        )
        .await?;
    let hits = found["searchAgentMemory"].as_array().context("no hits")?;
    let ids: Vec<&str> = hits
        .iter()
        .filter_map(|hit| hit["node"]["id"].as_str())
        .collect();
    let wanted: Vec<&str> = expected.iter().take(5).map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, wanted);
    for (hit, (_, distance)) in hits.iter().zip(&expected) {
        let got = hit["distance"].as_f64().context("no distance")?;
        assert!((got - distance).abs() < 1e-4, "{got} vs {distance}");
    }

    // Writing a key again replaces what it held.
    app.query(
        Some(&ada.token),
        remember,
        json!({ "input": { "key": "fact-3", "content": "a corrected fact" } }),
    )
    .await?;
    let facts = app
        .query(
            Some(&ada.token),
            "{ agentMemory(first: 50, filter: { key: { eq: \"fact-3\" } }) { edges { node { content } } } }",
            json!({}),
        )
        .await?;
    assert_eq!(
        nodes(&facts["agentMemory"]),
        [json!({ "content": "a corrected fact" })]
    );

    let mut huge = query.clone();
    huge[3] = 1e39;
    for (variables, field) in [
        (json!({ "embedding": [0.5, 0.25] }), "embedding"),
        (json!({ "embedding": huge }), "embedding"),
        (json!({ "embedding": query, "limit": 0 }), "limit"),
        (json!({ "embedding": query, "limit": 101 }), "limit"),
    ] {
        assert_eq!(
            refusal(&app, &ada, search, variables).await?,
            ("BAD_USER_INPUT".into(), field.into())
        );
    }
    Ok(())
}
