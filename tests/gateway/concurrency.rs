//! Counters stay exact under concurrent likes, unlikes, follows and unfollows.

use crate::common;

use anyhow::Result;
use common::{TestApp, TestUser};
use futures_util::future::try_join_all;
use serde_json::json;

async fn people(app: &TestApp, n: usize) -> Result<Vec<TestUser>> {
    let mut people = Vec::with_capacity(n);
    for i in 0..n {
        people.push(app.create_user(&format!("fan{i}")).await?);
    }
    Ok(people)
}

#[tokio::test]
async fn fifty_parallel_likes_and_unlikes_leave_the_counter_exact() -> Result<()> {
    let app = TestApp::spawn().await?;
    let author = app.create_user("author").await?;
    let post = app.create_post(&author, "popular", "public").await?;
    let fans = people(&app, 50).await?;
    let toggle = "mutation($id: UUID!) { toggleLike(target: { postId: $id }) { liked } }";
    let like_all = fans
        .iter()
        .map(|fan| app.query(Some(&fan.token), toggle, json!({ "id": post })));
    try_join_all(like_all).await?;
    let count =
        "query($id: UUID!) { post(id: $id) { likesCount likes(first: 100) { edges { cursor } } } }";
    let data = app.query(None, count, json!({ "id": post })).await?;
    assert_eq!(data["post"]["likesCount"], 50);

    // Twenty take their like back while the other thirty toggle twice, all at once.
    let mixed = fans.iter().enumerate().map(|(i, fan)| {
        let app = &app;
        async move {
            app.query(Some(&fan.token), toggle, json!({ "id": post }))
                .await?;
            if i >= 20 {
                app.query(Some(&fan.token), toggle, json!({ "id": post }))
                    .await?;
            }
            anyhow::Ok(())
        }
    });
    try_join_all(mixed).await?;
    let data = app.query(None, count, json!({ "id": post })).await?;
    assert_eq!(data["post"]["likesCount"], 30);
    assert_eq!(
        data["post"]["likes"]["edges"].as_array().map(Vec::len),
        Some(30)
    );
    Ok(())
}

#[tokio::test]
async fn fifty_parallel_follows_and_unfollows_leave_profile_counts_exact() -> Result<()> {
    let app = TestApp::spawn().await?;
    let star = app.create_user("star").await?;
    let fans = people(&app, 50).await?;
    let follow = "mutation($id: UUID!) { follow(userId: $id) { id } }";
    let unfollow = "mutation($id: UUID!) { unfollow(userId: $id) { id } }";
    try_join_all(
        fans.iter()
            .map(|fan| app.query(Some(&fan.token), follow, json!({ "id": star.id }))),
    )
    .await?;
    try_join_all(
        fans.iter()
            .take(15)
            .map(|fan| app.query(Some(&fan.token), unfollow, json!({ "id": star.id }))),
    )
    .await?;
    let data = app
        .query(
            None,
            "query($id: UUID!) { profile(id: $id) { followersCount } }",
            json!({ "id": star.id }),
        )
        .await?;
    assert_eq!(data["profile"]["followersCount"], 35);
    let data = app
        .query(
            None,
            "query($id: UUID!) { profile(id: $id) { followingCount } }",
            json!({ "id": fans[20].id }),
        )
        .await?;
    assert_eq!(data["profile"]["followingCount"], 1);
    Ok(())
}
