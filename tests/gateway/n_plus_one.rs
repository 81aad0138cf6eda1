//! Dataloaders keep SQL statements per request bounded by query depth, not by row count.

use crate::common;

use anyhow::Result;
use common::{TestApp, nodes};
use serde_json::json;
use switchyard::config::Limits;

const FEED: &str = "query($n: Int) { posts(first: $n) { edges { node {
    body author { username }
    comments(first: 5) { edges { node { content author { username } } } }
} } } }";

/// Seeds `posts` public posts with three comments each, runs the nested query and returns
/// the statements it issued.
async fn statements_for(posts: usize) -> Result<u64> {
    // A generous batching window keeps slow debug builds on a busy machine from splitting a
    // level into two batches; the property under test is batching, not latency.
    let app = TestApp::spawn_with(Limits {
        loader_delay_us: 50_000,
        ..Limits::default()
    })
    .await?;
    let mut people = Vec::new();
    for i in 0..10 {
        people.push(app.create_user(&format!("person{i}")).await?);
    }
    for i in 0..posts {
        let post = app
            .create_post(&people[i % 10], &format!("post {i}"), "public")
            .await?;
        for c in 1..=3 {
            app.exec(
                "INSERT INTO comments (user_id, post_id, content) VALUES ($1, $2, $3)",
                [
                    people[(i + c) % 10].id.into(),
                    post.into(),
                    format!("comment {c}").into(),
                ],
            )
            .await?;
        }
    }
    let before = app.statements();
    let data = app.query(None, FEED, json!({ "n": posts })).await?;
    let after = app.statements();
    let fetched = nodes(&data["posts"]);
    assert_eq!(fetched.len(), posts);
    assert!(
        fetched
            .iter()
            .all(|post| nodes(&post["comments"]).len() == 3
                && post["author"]["username"].is_string())
    );
    Ok(after - before)
}

#[tokio::test]
async fn nested_queries_issue_the_same_statements_for_5_and_50_posts() -> Result<()> {
    let five = statements_for(5).await?;
    let fifty = statements_for(50).await?;
    assert_eq!(five, fifty, "statements must not grow with rows");
    // posts → author, comments → comment author: 3 levels of relations after the root list,
    // plus BEGIN, the role switch and COMMIT.
    let depth = 4;
    assert!(
        fifty <= depth + 3,
        "{fifty} statements for a query of depth {depth}"
    );
    Ok(())
}
