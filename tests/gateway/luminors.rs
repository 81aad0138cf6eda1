//! The AI companions: talking to a Luminor counts messages and grows the bond (seed 004's
//! formula, a notification per level), key memories are kept, and AetherCrown clones take
//! tasks through seed 001's life cycle; nobody else sees or touches any of it.

use crate::common;

use anyhow::{Context as _, Result};
use common::{TestApp, TestUser, nodes};
use serde_json::{Value, json};

const CONVERSATION: &str = "mutation($luminor: UUID!, $session: String) {
  getOrCreateLuminorConversation(luminorId: $luminor, sessionId: $session) { id title }
}";
const SAY: &str = "mutation($conversation: UUID!, $content: String!) {
  addLuminorMessage(conversationId: $conversation, role: USER, content: $content, tokens: 12) { id role }
}";
const CREATE_TASK: &str = "mutation($clone: UUID!, $name: String!) {
  createAiTask(cloneId: $clone, input: { taskName: $name, taskInput: { dataset: \"sales\" }, priority: HIGH }) {
    id status priority
  }
}";

async fn lumina(app: &TestApp, user: &TestUser) -> Result<String> {
    let data = app
        .query(
            Some(&user.token),
            "{ luminors(filter: { slug: { eq: \"lumina\" } }) { edges { node { id } } } }",
            json!({}),
        )
        .await?;
    nodes(&data["luminors"])
        .first()
        .and_then(|node| node["id"].as_str())
        .map(str::to_owned)
        .context("Lumina is seeded")
}

async fn conversation(
    app: &TestApp,
    user: &TestUser,
    luminor: &str,
    session: &str,
) -> Result<String> {
    let data = app
        .query(
            Some(&user.token),
            CONVERSATION,
            json!({ "luminor": luminor, "session": session }),
        )
        .await?;
    data["getOrCreateLuminorConversation"]["id"]
        .as_str()
        .map(str::to_owned)
        .context("no conversation id")
}

#[tokio::test]
async fn ten_messages_to_a_luminor_raise_the_bond_to_level_two_with_a_notification() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let bob = app.create_user("bob").await?;
    let luminor = lumina(&app, &ada).await?;

    let first = conversation(&app, &ada, &luminor, "tab-1").await?;
    assert_eq!(
        conversation(&app, &ada, &luminor, "tab-1").await?,
        first,
        "the same session gets the same conversation"
    );
    assert_ne!(conversation(&app, &ada, &luminor, "tab-2").await?, first);

    // Level 1 needs floor(100 × 1^1.5) = 100 XP; each message gives 10.
    for n in 0..10 {
        app.query(
            Some(&ada.token),
            SAY,
            json!({ "conversation": first, "content": format!("idea {n}") }),
        )
        .await?;
    }
    let bond = app
        .query(
            Some(&ada.token),
            "query($id: UUID!) {
              luminorConversation(id: $id) { messageCount lastMessageAt }
              luminorRelationships { edges { node { bondLevel bondXp totalInteractions luminor { name } } } }
              notifications { edges { node { title } } }
            }",
            json!({ "id": first }),
        )
        .await?;
    assert_eq!(bond["luminorConversation"]["messageCount"], 10);
    assert!(bond["luminorConversation"]["lastMessageAt"].is_string());
    assert_eq!(
        nodes(&bond["luminorRelationships"]),
        [
            json!({ "bondLevel": 2, "bondXp": 0, "totalInteractions": 10, "luminor": { "name": "Lumina" } })
        ]
    );
    assert_eq!(
        nodes(&bond["notifications"]),
        [json!({ "title": "Bond level 2 with Lumina" })]
    );

    let remembered = app
        .query(
            Some(&ada.token),
            "mutation($luminor: UUID!) {
              addLuminorKeyMemory(luminorId: $luminor, memoryType: \"preference\", content: \"loves watercolor\", importance: 8) {
                keyMemories bondLevel
              }
            }",
            json!({ "luminor": luminor }),
        )
        .await?;
    let memories = &remembered["addLuminorKeyMemory"]["keyMemories"];
    assert_eq!(memories[0]["content"], "loves watercolor");
    assert_eq!(memories[0]["importance"], 8);
    assert_eq!(remembered["addLuminorKeyMemory"]["bondLevel"], 2);

    // Refusals: an empty message, an unknown Luminor, another user's conversation.
    let (_, body) = app
        .post_graphql(
            Some(&ada.token),
            SAY,
            json!({ "conversation": first, "content": "" }),
        )
        .await?;
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    let unknown = app
        .error_code(
            Some(&ada.token),
            CONVERSATION,
            json!({ "luminor": uuid::Uuid::new_v4(), "session": "x" }),
        )
        .await?;
    assert_eq!(unknown, "NOT_FOUND");
    let trespass = app
        .error_code(
            Some(&bob.token),
            SAY,
            json!({ "conversation": first, "content": "hi" }),
        )
        .await?;
    assert_eq!(trespass, "NOT_FOUND");
    let seen = app
        .query(
            Some(&bob.token),
            "{ luminorConversations { edges { node { id } } }
               luminorMessages { edges { node { id } } }
               luminorRelationships { edges { node { id } } } }",
            json!({}),
        )
        .await?;
    for list in [
        "luminorConversations",
        "luminorMessages",
        "luminorRelationships",
    ] {
        assert_eq!(nodes(&seen[list]), Vec::<Value>::new(), "{list}");
    }
    Ok(())
}

#[tokio::test]
async fn a_clone_takes_tasks_through_the_seed_life_cycle_and_refuses_illegal_moves() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let bob = app.create_user("bob").await?;
    let token = Some(ada.token.as_str());

    let created = app
        .query(
            token,
            "mutation { createAiClone(input: { name: \"Analyst\", modelType: \"gpt-4\", config: { temperature: 0.2 } }) {
               id status config } }",
            json!({}),
        )
        .await?;
    assert_eq!(created["createAiClone"]["status"], "ACTIVE");
    let clone = created["createAiClone"]["id"].as_str().context("no id")?;
    let update = "mutation($id: UUID!, $input: UpdateAiCloneInput!) { updateAiClone(id: $id, input: $input) { description status } }";
    let updated = app
        .query(
            token,
            update,
            json!({ "id": clone, "input": { "description": "crunches numbers" } }),
        )
        .await?;
    assert_eq!(
        updated["updateAiClone"],
        json!({ "description": "crunches numbers", "status": "ACTIVE" })
    );

    let move_task = |name: &str, id: &str| -> (String, Value) {
        let query = match name {
            "complete" => {
                "mutation($id: UUID!) { completeAiTask(id: $id, output: { result: 42 }) { status completedAt } }"
            }
            "fail" => {
                "mutation($id: UUID!) { failAiTask(id: $id, errorMessage: \"no data\") { status completedAt } }"
            }
            "cancel" => "mutation($id: UUID!) { cancelAiTask(id: $id) { status completedAt } }",
            _ => "mutation($id: UUID!) { startAiTask(id: $id) { status completedAt } }",
        };
        (query.to_owned(), json!({ "id": id }))
    };
    let task_id = |data: &Value| data["createAiTask"]["id"].as_str().map(str::to_owned);

    let report = app
        .query(
            token,
            CREATE_TASK,
            json!({ "clone": clone, "name": "Q3 report" }),
        )
        .await?;
    assert_eq!(report["createAiTask"]["status"], "PENDING");
    assert_eq!(report["createAiTask"]["priority"], "HIGH");
    let report = task_id(&report).context("no task id")?;
    let (query, variables) = move_task("complete", &report);
    let (_, body) = app.post_graphql(token, &query, variables).await?;
    assert_eq!(
        (
            body["errors"][0]["extensions"]["code"].clone(),
            body["errors"][0]["extensions"]["field"].clone()
        ),
        (json!("CONFLICT"), json!("status")),
        "a pending task cannot complete: {body}"
    );
    for (step, status) in [("start", "IN_PROGRESS"), ("complete", "COMPLETED")] {
        let (query, variables) = move_task(step, &report);
        let data = app.query(token, &query, variables).await?;
        let moved = data
            .as_object()
            .and_then(|fields| fields.values().next())
            .context("no field")?;
        assert_eq!(moved["status"], status);
    }
    let (query, variables) = move_task("cancel", &report);
    assert_eq!(
        app.error_code(token, &query, variables).await?,
        "CONFLICT",
        "a finished task stays finished"
    );

    let failing = task_id(
        &app.query(
            token,
            CREATE_TASK,
            json!({ "clone": clone, "name": "Forecast" }),
        )
        .await?,
    )
    .context("no task id")?;
    for (step, status) in [("start", "IN_PROGRESS"), ("fail", "FAILED")] {
        let (query, variables) = move_task(step, &failing);
        let data = app.query(token, &query, variables).await?;
        let moved = data
            .as_object()
            .and_then(|fields| fields.values().next())
            .context("no field")?;
        assert_eq!(moved["status"], status);
        assert_eq!(moved["completedAt"].is_string(), status == "FAILED");
    }
    let dropped = task_id(
        &app.query(
            token,
            CREATE_TASK,
            json!({ "clone": clone, "name": "Slides" }),
        )
        .await?,
    )
    .context("no task id")?;
    let (query, variables) = move_task("cancel", &dropped);
    let data = app.query(token, &query, variables).await?;
    assert_eq!(data["cancelAiTask"]["status"], "CANCELLED");

    // An inactive clone takes no tasks.
    app.query(
        token,
        update,
        json!({ "id": clone, "input": { "status": "INACTIVE" } }),
    )
    .await?;
    let (_, body) = app
        .post_graphql(
            token,
            CREATE_TASK,
            json!({ "clone": clone, "name": "More" }),
        )
        .await?;
    assert_eq!(body["errors"][0]["extensions"]["code"], "CONFLICT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "cloneId");

    // Bob sees none of it and touches none of it.
    let bob_token = Some(bob.token.as_str());
    assert_eq!(
        app.error_code(
            bob_token,
            CREATE_TASK,
            json!({ "clone": clone, "name": "Sneak" })
        )
        .await?,
        "NOT_FOUND"
    );
    let (query, variables) = move_task("cancel", &dropped);
    assert_eq!(
        app.error_code(bob_token, &query, variables).await?,
        "NOT_FOUND"
    );
    assert_eq!(
        app.error_code(
            bob_token,
            update,
            json!({ "id": clone, "input": { "name": "Mine now" } })
        )
        .await?,
        "NOT_FOUND"
    );
    let seen = app
        .query(
            bob_token,
            "{ aiClones { edges { node { id } } } aiTasks { edges { node { id } } } }",
            json!({}),
        )
        .await?;
    assert_eq!(nodes(&seen["aiClones"]), Vec::<Value>::new());
    assert_eq!(nodes(&seen["aiTasks"]), Vec::<Value>::new());
    let mine = app
        .query(
            token,
            "{ aiTasks(orderBy: { field: CREATED_AT, direction: ASC }) { edges { node { taskName status } } } }",
            json!({}),
        )
        .await?;
    assert_eq!(
        nodes(&mine["aiTasks"]),
        [
            json!({ "taskName": "Q3 report", "status": "COMPLETED" }),
            json!({ "taskName": "Forecast", "status": "FAILED" }),
            json!({ "taskName": "Slides", "status": "CANCELLED" }),
        ]
    );
    Ok(())
}
