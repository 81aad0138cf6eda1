//! Content and discovery writes (seed 003 StreamVibe): connecting platforms by vault
//! reference, syncing content without duplicates, edits that keep revisions, search, click
//! tracking with its rate limit, trending lists, and SEO submissions within the quota.

use crate::common;

use anyhow::Result;
use common::{TestApp, TestUser, nodes};
use serde_json::{Value, json};
use switchyard_core::auth::Role;

/// The first error's code, field and message.
async fn refusal(
    app: &TestApp,
    token: Option<&str>,
    query: &str,
    variables: Value,
) -> Result<(String, String, String)> {
    let (_, body) = app.post_graphql(token, query, variables).await?;
    let error = &body["errors"][0];
    anyhow::ensure!(!error.is_null(), "expected an error, got {body}");
    let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();
    Ok((
        text(&error["extensions"]["code"]),
        text(&error["extensions"]["field"]),
        text(&error["message"]),
    ))
}

/// The id of the lookup row `slug` of a root connection such as `platforms`.
async fn lookup(app: &TestApp, connection: &str, slug: &str) -> Result<Value> {
    let query = format!(
        "query($slug: String!) {{ {connection}(filter: {{ slug: {{ eq: $slug }} }}) {{ edges {{ node {{ id }} }} }} }}"
    );
    let data = app.query(None, &query, json!({ "slug": slug })).await?;
    Ok(nodes(&data[connection])[0]["id"].clone())
}

const ADD_ACCOUNT: &str = "mutation($input: AddSocialAccountInput!) { addSocialAccount(input: $input) { id handle status { slug } } }";
const SYNC: &str = "mutation($account: UUID!, $items: [SyncContentInput!]!) {
    syncContent(socialAccountId: $account, items: $items, followersCount: 1200) { id title viewsCount } }";

/// Ada's YouTube account with one synced video per title; returns the account and item ids.
async fn creator_with_videos(
    app: &TestApp,
    ada: &TestUser,
    handle: &str,
    videos: &[(&str, &str)],
) -> Result<(Value, Vec<Value>)> {
    let youtube = lookup(app, "platforms", "youtube").await?;
    let video = lookup(app, "contentTypes", "video").await?;
    let account = app
        .query(
            Some(&ada.token),
            ADD_ACCOUNT,
            json!({ "input": { "platformId": youtube, "handle": handle } }),
        )
        .await?["addSocialAccount"]["id"]
        .clone();
    let items: Vec<Value> = videos
        .iter()
        .enumerate()
        .map(|(n, (title, description))| {
            json!({ "platformContentId": format!("{handle}-{n}"), "contentTypeId": video,
                    "title": title, "description": description,
                    "url": format!("https://youtube.example/{handle}/{n}") })
        })
        .collect();
    let synced = app
        .query(
            Some(&ada.token),
            SYNC,
            json!({ "account": account, "items": items }),
        )
        .await?;
    let ids = synced["syncContent"]
        .as_array()
        .map(|items| items.iter().map(|item| item["id"].clone()).collect())
        .unwrap_or_default();
    Ok((account, ids))
}

#[tokio::test]
async fn platforms_are_connected_by_vault_reference_never_by_token() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let youtube = lookup(&app, "platforms", "youtube").await?;
    let connect = "mutation($input: ConnectPlatformInput!) { connectPlatform(input: $input) { id vaultSecretName scopes } }";
    let input = |secret: &str| {
        json!({ "input": { "platformId": youtube, "platformUserId": "UC123",
                            "vaultSecretName": secret, "scopes": ["youtube.readonly"] } })
    };

    // A pasted OAuth token is refused, naming the field.
    let (code, field, _) = refusal(
        &app,
        Some(&ada.token),
        connect,
        input("ya29.a0AfH6SM+token/with==padding and spaces"),
    )
    .await?;
    assert_eq!(
        (code.as_str(), field.as_str()),
        ("BAD_USER_INPUT", "vaultSecretName")
    );

    let data = app
        .query(Some(&ada.token), connect, input("oauth/youtube/ada"))
        .await?;
    assert_eq!(
        data["connectPlatform"]["vaultSecretName"],
        "oauth/youtube/ada"
    );
    let (code, field, _) =
        refusal(&app, Some(&ada.token), connect, input("oauth/youtube/ada2")).await?;
    assert_eq!(
        (code.as_str(), field.as_str()),
        ("CONFLICT", "platformUserId")
    );
    assert_eq!(
        app.error_code(None, connect, input("oauth/anon")).await?,
        "UNAUTHENTICATED"
    );

    // Connections are private to their owner.
    let bob = app.create_user("bob").await?;
    let listed = app
        .query(
            Some(&bob.token),
            "{ platformConnections { edges { node { id } } } }",
            json!({}),
        )
        .await?;
    assert!(nodes(&listed["platformConnections"]).is_empty());
    Ok(())
}

#[tokio::test]
async fn syncs_count_against_the_plans_monthly_quota() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let (account, _) = creator_with_videos(&app, &ada, "ada", &[("Intro", "hello")]).await?;
    let video = lookup(&app, "contentTypes", "video").await?;
    let item = |n: usize| {
        json!([{ "platformContentId": format!("later-{n}"), "contentTypeId": video,
                 "title": format!("Video {n}"), "url": format!("https://youtube.example/later/{n}") }])
    };
    // The free plan syncs 10 times a month; the first sync above was one of them.
    for n in 1..10 {
        app.query(
            Some(&ada.token),
            SYNC,
            json!({ "account": account, "items": item(n) }),
        )
        .await?;
    }
    let (_, refused) = app
        .post_graphql(
            Some(&ada.token),
            SYNC,
            json!({ "account": account, "items": item(10) }),
        )
        .await?;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"], "CONFLICT",
        "{refused}"
    );
    assert_eq!(
        refused["errors"][0]["extensions"]["field"],
        "socialAccountId"
    );
    let stored = app
        .count(
            "SELECT count(*) FROM content_items WHERE platform_content_id LIKE 'later-%'",
            [],
        )
        .await?;
    assert_eq!(stored, 9, "the refused sync wrote nothing");
    Ok(())
}

#[tokio::test]
async fn syncing_updates_known_items_and_edits_keep_revisions() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let bob = app.create_user("bob").await?;
    let (account, ids) = creator_with_videos(
        &app,
        &ada,
        "adacodes",
        &[("First video", "hello"), ("Second video", "")],
    )
    .await?;
    assert_eq!(ids.len(), 2);

    // Another creator cannot claim the same handle on the same platform.
    let youtube = lookup(&app, "platforms", "youtube").await?;
    let (code, field, _) = refusal(
        &app,
        Some(&bob.token),
        ADD_ACCOUNT,
        json!({ "input": { "platformId": youtube, "handle": "adacodes" } }),
    )
    .await?;
    assert_eq!((code.as_str(), field.as_str()), ("CONFLICT", "handle"));

    // The same platform id again updates the item instead of adding one.
    let video = lookup(&app, "contentTypes", "video").await?;
    let resync = app
        .query(
            Some(&ada.token),
            SYNC,
            json!({ "account": account, "items": [{ "platformContentId": "adacodes-0",
                "contentTypeId": video, "title": "First video (remastered)",
                "url": "https://youtube.example/adacodes/0", "viewsCount": 500 }] }),
        )
        .await?;
    assert_eq!(resync["syncContent"][0]["id"], ids[0]);
    assert_eq!(resync["syncContent"][0]["viewsCount"], 500);
    assert_eq!(
        app.count(
            "SELECT count(*) FROM content_items WHERE user_id = $1",
            [ada.id.into()],
        )
        .await?,
        2
    );
    let synced = app
        .query(
            Some(&ada.token),
            "query($id: UUID!) { socialAccount(id: $id) { followersCount lastSyncedAt } }",
            json!({ "id": account }),
        )
        .await?;
    assert_eq!(synced["socialAccount"]["followersCount"], 1200);
    assert!(synced["socialAccount"]["lastSyncedAt"].is_string());

    // Nobody syncs into someone else's account or edits their content.
    assert_eq!(
        app.error_code(
            Some(&bob.token),
            SYNC,
            json!({ "account": account, "items": [] })
        )
        .await?,
        "NOT_FOUND"
    );
    let update = "mutation($id: UUID!, $input: UpdateContentItemInput!) { updateContentItem(id: $id, input: $input) {
        title tags category { slug } contentTags { edges { node { tag } } }
        contentRevisions { edges { node { revisionNumber title } } } } }";
    let gaming = lookup(&app, "contentCategories", "gaming").await?;
    assert_eq!(
        app.error_code(
            Some(&bob.token),
            update,
            json!({ "id": ids[0], "input": { "title": "pwned" } })
        )
        .await?,
        "NOT_FOUND"
    );

    // An edit keeps the previous text as a revision; tags become tag rows.
    let edited = app
        .query(
            Some(&ada.token),
            update,
            json!({ "id": ids[0], "input": { "title": "First video, final cut",
                    "tags": ["rust", " speedrun ", "rust"], "categoryId": gaming } }),
        )
        .await?["updateContentItem"]
        .clone();
    assert_eq!(edited["tags"], json!(["rust", "speedrun"]));
    assert_eq!(edited["category"]["slug"], "gaming");
    let mut tags: Vec<Value> = nodes(&edited["contentTags"])
        .iter()
        .map(|n| n["tag"].clone())
        .collect();
    tags.sort_by_key(ToString::to_string);
    assert_eq!(tags, vec![json!("rust"), json!("speedrun")]);
    let revisions = nodes(&edited["contentRevisions"]);
    assert_eq!(revisions.len(), 2, "the resync and the edit each kept one");
    assert!(
        revisions
            .iter()
            .any(|r| r["title"] == "First video (remastered)")
    );

    let (code, field, _) = refusal(
        &app,
        Some(&ada.token),
        update,
        json!({ "id": ids[0], "input": { "categoryId": youtube } }),
    )
    .await?;
    assert_eq!(
        (code.as_str(), field.as_str()),
        ("BAD_USER_INPUT", "categoryId")
    );

    // Private content disappears for everybody else.
    app.query(
        Some(&ada.token),
        update,
        json!({ "id": ids[1], "input": { "visibility": "PRIVATE" } }),
    )
    .await?;
    let seen = app
        .query(
            Some(&bob.token),
            "query($id: UUID!) { contentItem(id: $id) { id } }",
            json!({ "id": ids[1] }),
        )
        .await?;
    assert!(seen["contentItem"].is_null());
    Ok(())
}

#[tokio::test]
async fn an_account_with_content_cannot_be_deleted() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let (account, ids) = creator_with_videos(&app, &ada, "adalive", &[("Live", "")]).await?;
    let delete = "mutation($id: UUID!) { deleteSocialAccount(id: $id) }";
    let (code, field, message) =
        refusal(&app, Some(&ada.token), delete, json!({ "id": account })).await?;
    assert_eq!((code.as_str(), field.as_str()), ("CONFLICT", "id"));
    assert!(message.contains("delete its content first"), "{message}");

    app.query(
        Some(&ada.token),
        "mutation($id: UUID!) { deleteContentItem(id: $id) }",
        json!({ "id": ids[0] }),
    )
    .await?;
    let data = app
        .query(Some(&ada.token), delete, json!({ "id": account }))
        .await?;
    assert_eq!(data["deleteSocialAccount"], account);
    Ok(())
}

#[tokio::test]
async fn search_ranks_public_content_and_feeds_trending_keywords() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let (_, ids) = creator_with_videos(
        &app,
        &ada,
        "adasearch",
        &[
            ("Rust async tutorial", "tokio from scratch"),
            (
                "Cooking pasta",
                "a video about rust-free pans and rust removal",
            ),
            ("Gardening", "tomatoes"),
            ("Rust secrets", "unlisted"),
        ],
    )
    .await?;
    app.query(
        Some(&ada.token),
        "mutation($id: UUID!) { updateContentItem(id: $id, input: { visibility: PRIVATE }) { id } }",
        json!({ "id": ids[3] }),
    )
    .await?;

    let search =
        "query($q: String!) { searchContent(query: $q, first: 10) { score node { id title } } }";
    let found = app.query(None, search, json!({ "q": "Rust" })).await?["searchContent"].clone();
    let titles: Vec<&str> = found
        .as_array()
        .map(|hits| {
            hits.iter()
                .filter_map(|h| h["node"]["title"].as_str())
                .collect()
        })
        .unwrap_or_default();
    // The title match ranks above the description match; private content is not found.
    assert_eq!(titles, vec!["Rust async tutorial", "Cooking pasta"]);
    assert!(found[0]["score"].as_f64() > found[1]["score"].as_f64());
    app.query(None, search, json!({ "q": "  rust " })).await?;

    let keywords = app
        .query(
            None,
            "{ trendingKeywords(first: 5) { edges { node { keyword searchCount } } } }",
            json!({}),
        )
        .await?;
    assert_eq!(
        nodes(&keywords["trendingKeywords"]),
        vec![json!({ "keyword": "rust", "searchCount": 2 })]
    );

    let (code, field, _) = refusal(&app, None, search, json!({ "q": "   " })).await?;
    assert_eq!((code.as_str(), field.as_str()), ("BAD_USER_INPUT", "query"));
    Ok(())
}

#[tokio::test]
async fn clicks_are_counted_per_client_up_to_the_rate_limit_and_feed_trending() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let bob = app.create_user("bob").await?;
    let (_, ids) =
        creator_with_videos(&app, &ada, "adaclicks", &[("Hit", ""), ("Miss", "")]).await?;
    let click = "mutation($id: UUID!, $client: String) {
        trackContentClick(contentItemId: $id, clientId: $client, referrer: \"https://ref.example\") { totalClicks } }";
    for n in 1..=30 {
        let data = app
            .query(None, click, json!({ "id": ids[0], "client": "device-1" }))
            .await?;
        assert_eq!(data["trackContentClick"]["totalClicks"], n);
    }
    let (code, field, _) = refusal(
        &app,
        None,
        click,
        json!({ "id": ids[0], "client": "device-1" }),
    )
    .await?;
    assert_eq!((code.as_str(), field.as_str()), ("CONFLICT", "clientId"));
    // Other clients are not held back by device-1, signed in or not.
    app.query(None, click, json!({ "id": ids[0], "client": "device-2" }))
        .await?;
    let data = app
        .query(Some(&bob.token), click, json!({ "id": ids[0] }))
        .await?;
    assert_eq!(data["trackContentClick"]["totalClicks"], 32);

    // The owner reads the clicks; the client key is a hash, not what the client sent.
    let clicks = app
        .query(
            Some(&ada.token),
            "{ contentClicks(first: 50) { edges { node { clientKey } } } }",
            json!({}),
        )
        .await?;
    let keys = nodes(&clicks["contentClicks"]);
    assert_eq!(keys.len(), 32);
    assert!(
        keys.iter()
            .all(|k| k["clientKey"].as_str().is_some_and(|key| key.len() == 64))
    );
    let foreign = app
        .query(
            Some(&bob.token),
            "{ contentClicks { edges { node { id } } } }",
            json!({}),
        )
        .await?;
    assert!(nodes(&foreign["contentClicks"]).is_empty());

    // Only the service refreshes the trending list; the clicked item leads it.
    let refresh = "mutation { refreshTrendingContent }";
    assert_eq!(
        app.error_code(Some(&ada.token), refresh, json!({})).await?,
        "FORBIDDEN"
    );
    let service = app.token(None, Role::ServiceRole)?;
    let kept = app.query(Some(&service), refresh, json!({})).await?;
    assert_eq!(kept["refreshTrendingContent"], 2);
    let trending = app
        .query(
            None,
            "{ trendingContent(first: 2) { edges { node { contentItem { title } } } } }",
            json!({}),
        )
        .await?;
    assert_eq!(
        nodes(&trending["trendingContent"])[0]["contentItem"]["title"],
        "Hit"
    );

    // Featured creators: the service curates, everybody reads.
    let feature = "mutation($user: UUID!) { featureCreator(input: { userId: $user, headline: \"Rising star\" }) { id } }";
    assert_eq!(
        app.error_code(Some(&ada.token), feature, json!({ "user": ada.id }))
            .await?,
        "FORBIDDEN"
    );
    app.query(Some(&service), feature, json!({ "user": ada.id }))
        .await?;
    let featured = app
        .query(
            None,
            "{ featuredCreators { edges { node { headline profile { username } } } } }",
            json!({}),
        )
        .await?;
    assert_eq!(
        nodes(&featured["featuredCreators"]),
        vec![json!({ "headline": "Rising star", "profile": { "username": "ada" } })]
    );
    Ok(())
}

#[tokio::test]
async fn seo_submissions_stay_within_the_plan_quota() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let bob = app.create_user("bob").await?;
    let google = lookup(&app, "searchEngines", "google").await?;
    let connect = "mutation($engine: UUID!, $site: String!) { connectSeoSite(searchEngineId: $engine, siteUrl: $site, vaultSecretName: \"seo/google\") { id } }";
    let site = app
        .query(
            Some(&ada.token),
            connect,
            json!({ "engine": google, "site": "https://ada.example" }),
        )
        .await?["connectSeoSite"]["id"]
        .clone();
    let (code, field, _) = refusal(
        &app,
        Some(&ada.token),
        connect,
        json!({ "engine": google, "site": "https://ada.example" }),
    )
    .await?;
    assert_eq!((code.as_str(), field.as_str()), ("CONFLICT", "siteUrl"));

    let submit = "mutation($site: UUID!, $url: String!) { submitSeoUrl(connectionId: $site, url: $url) { submittedUrl status } }";
    let page = |n: u32| json!({ "site": site, "url": format!("https://ada.example/{n}") });
    // The free plan includes no SEO submissions.
    let (code, field, message) = refusal(&app, Some(&ada.token), submit, page(1)).await?;
    assert_eq!((code.as_str(), field.as_str()), ("CONFLICT", "url"));
    assert!(message.contains("quota"), "{message}");

    // On Pro (50 a month) with 49 used, one more goes through and the next is refused.
    app.exec(
        "INSERT INTO subscriptions (user_id, tier_id) SELECT $1, id FROM subscription_tiers WHERE slug = 'pro'",
        [ada.id.into()],
    )
    .await?;
    app.exec(
        "INSERT INTO usage_records (user_id, metric, period_start, amount) VALUES ($1, 'seo_submissions', quota_period_start(), 49)",
        [ada.id.into()],
    )
    .await?;
    let data = app.query(Some(&ada.token), submit, page(2)).await?;
    assert_eq!(data["submitSeoUrl"]["status"], "PENDING");
    assert_eq!(
        refusal(&app, Some(&ada.token), submit, page(3)).await?.0,
        "CONFLICT"
    );
    let usage = app
        .query(
            Some(&ada.token),
            "{ seoUsage { edges { node { submissionsCount } } } seoSubmissions { edges { node { submittedUrl } } } }",
            json!({}),
        )
        .await?;
    assert_eq!(nodes(&usage["seoUsage"])[0]["submissionsCount"], 1);
    assert_eq!(nodes(&usage["seoSubmissions"]).len(), 1);

    // Nobody submits through someone else's connection.
    assert_eq!(
        app.error_code(Some(&bob.token), submit, page(4)).await?,
        "NOT_FOUND"
    );
    Ok(())
}
