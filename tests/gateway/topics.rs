//! Realtime topics as the SQL triggers write them and as the gateway reads them: every
//! trigger that publishes writes a topic the one Rust [`Topic`] type parses back into the
//! row it follows, spelt exactly as the gateway writes it when it reads the outbox.

use crate::common;
use crate::realtime::{group, say};

use anyhow::{Context as _, Result};
use common::TestApp;
use sea_orm::{ConnectionTrait as _, DbBackend, Statement};
use switchyard_core::realtime::{Topic, TopicKind};

#[tokio::test]
async fn every_trigger_publishes_to_a_topic_the_gateway_parses() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    // One write per feed table, in plain SQL as any client would make it.
    let conversation = group(&app, alice.id, &[]).await?;
    say(&app, conversation, alice.id, "hello").await?;
    app.exec(
        "INSERT INTO notifications (user_id, title) VALUES ($1, 'welcome')",
        [alice.id.into()],
    )
    .await?;
    let session = app
        .insert_returning_id(
            "INSERT INTO collaboration_sessions (owner_id, title) VALUES ($1, 'plan') RETURNING id",
            [alice.id.into()],
        )
        .await?;
    // The owner is a participant from the start; coming online is the event.
    app.exec(
        "UPDATE collaboration_participants SET status = 'online' WHERE session_id = $1",
        [session.into()],
    )
    .await?;
    app.exec(
        "INSERT INTO collaboration_edits (session_id, user_id, operation) VALUES ($1, $2, '{}')",
        [session.into(), alice.id.into()],
    )
    .await?;
    let job = app
        .insert_returning_id(
            "INSERT INTO jobs (user_id, job_type_id) \
             SELECT $1, id FROM job_types WHERE name = 'export_data' RETURNING id",
            [alice.id.into()],
        )
        .await?;
    let research = app
        .insert_returning_id(
            "INSERT INTO wide_research_jobs (user_id, title) VALUES ($1, 'survey') RETURNING id",
            [alice.id.into()],
        )
        .await?;
    let run = app
        .insert_returning_id(
            "INSERT INTO agent_runs (user_id, title, credit_budget) VALUES ($1, 'task', 10) RETURNING id",
            [alice.id.into()],
        )
        .await?;
    let expected = [
        Topic::Conversation(conversation),
        Topic::User(alice.id),
        Topic::Session(session),
        Topic::Job(job),
        Topic::Research(research),
        Topic::AgentRun(run),
        Topic::Document(session),
        // The owner's participant row, added with the session, to the session's members.
        Topic::Changes(session),
    ];
    assert_eq!(
        expected.map(Topic::kind),
        TopicKind::ALL,
        "a kind is not written here"
    );

    // The outbox and the per-topic sequences, where the triggers' text lives.
    let rows = app
        .db
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT topic FROM realtime.events UNION SELECT topic FROM realtime.topics ORDER BY 1",
        ))
        .await?;
    let mut written = Vec::new();
    for row in rows {
        let text: String = row.try_get_by_index(0)?;
        let topic: Topic = text
            .parse()
            .with_context(|| format!("a trigger published to {text:?}"))?;
        assert_eq!(topic.to_string(), text, "the gateway spells it differently");
        written.push(topic);
    }
    for topic in expected {
        assert!(
            written.contains(&topic),
            "no trigger published to {topic}; published: {written:?}"
        );
    }
    Ok(())
}
