//! Marketplace writes (seed 000): sellers list items, buyers pay for them with credits
//! once, only buyers review, ratings aggregate on the item; themes and dashboard widgets
//! belong to their owner.

use crate::common;

use anyhow::Result;
use common::{TestApp, TestUser, nodes};
use serde_json::{Value, json};

/// The first error's code and field.
async fn refusal(
    app: &TestApp,
    token: Option<&str>,
    query: &str,
    variables: Value,
) -> Result<(String, String)> {
    let (_, body) = app.post_graphql(token, query, variables).await?;
    let error = &body["errors"][0];
    anyhow::ensure!(!error.is_null(), "expected an error, got {body}");
    let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();
    Ok((
        text(&error["extensions"]["code"]),
        text(&error["extensions"]["field"]),
    ))
}

const CREATE: &str = "mutation($input: CreateMarketplaceItemInput!) { createMarketplaceItem(input: $input) { id price isPublished } }";
const PURCHASE: &str = "mutation($item: UUID!) { purchaseMarketplaceItem(itemId: $item) { id pricePaid buyer { username } } }";
const REVIEW: &str = "mutation($item: UUID!, $rating: Int!) { reviewMarketplaceItem(itemId: $item, rating: $rating, comment: \"solid\") { id rating } }";

/// A published item of `seller` at `price`.
async fn listed(app: &TestApp, seller: &TestUser, title: &str, price: &str) -> Result<Value> {
    let data = app
        .query(
            Some(&seller.token),
            CREATE,
            json!({ "input": { "kind": "BOT", "title": title, "price": price,
                    "tags": ["automation"], "isPublished": true } }),
        )
        .await?;
    Ok(data["createMarketplaceItem"]["id"].clone())
}

/// `user`'s available credits.
async fn credits(app: &TestApp, user: &TestUser) -> Result<i64> {
    app.count(
        "SELECT balance - reserved FROM credit_balances WHERE user_id = $1",
        [user.id.into()],
    )
    .await
}

#[tokio::test]
async fn buyers_pay_with_credits_once_and_nothing_is_written_without_enough() -> Result<()> {
    let app = TestApp::spawn().await?;
    let sara = app.create_user("sara").await?;
    let ben = app.create_user("ben").await?;
    let helper = listed(&app, &sara, "Helper bot", "29.50").await?;
    let premium = listed(&app, &sara, "Premium bot", "80").await?;
    // The free plan's monthly 100 credits.
    app.query(
        Some(&ben.token),
        "mutation { grantMonthlyCredits { amount } }",
        json!({}),
    )
    .await?;

    let bought = app
        .query(Some(&ben.token), PURCHASE, json!({ "item": helper }))
        .await?;
    assert_eq!(bought["purchaseMarketplaceItem"]["pricePaid"], "29.50");
    assert_eq!(
        bought["purchaseMarketplaceItem"]["buyer"]["username"],
        "ben"
    );
    assert_eq!(credits(&app, &ben).await?, 70, "29.50 costs 30 credits");

    // A second purchase of the same item is a conflict and charges nothing.
    assert_eq!(
        refusal(&app, Some(&ben.token), PURCHASE, json!({ "item": helper })).await?,
        ("CONFLICT".into(), "itemId".into())
    );
    assert_eq!(credits(&app, &ben).await?, 70);

    // 80 credits with 70 left: refused, and neither a purchase nor a charge remains.
    assert_eq!(
        refusal(&app, Some(&ben.token), PURCHASE, json!({ "item": premium })).await?,
        ("CONFLICT".into(), "itemId".into())
    );
    assert_eq!(credits(&app, &ben).await?, 70);
    assert_eq!(
        app.count(
            "SELECT count(*) FROM marketplace_purchases WHERE buyer_id = $1",
            [ben.id.into()]
        )
        .await?,
        1
    );
    let counts = app
        .query(
            None,
            "query($a: UUID!, $b: UUID!) { a: marketplaceItem(id: $a) { purchasesCount } b: marketplaceItem(id: $b) { purchasesCount } }",
            json!({ "a": helper, "b": premium }),
        )
        .await?;
    assert_eq!(
        counts,
        json!({ "a": { "purchasesCount": 1 }, "b": { "purchasesCount": 0 } })
    );

    // Sellers do not buy their own items; anonymous viewers buy nothing.
    assert_eq!(
        refusal(&app, Some(&sara.token), PURCHASE, json!({ "item": helper })).await?,
        ("BAD_USER_INPUT".into(), "itemId".into())
    );
    assert_eq!(
        app.error_code(None, PURCHASE, json!({ "item": helper }))
            .await?,
        "UNAUTHENTICATED"
    );

    // Purchases are visible to the buyer and the seller only.
    let query = "{ marketplacePurchases { edges { node { buyer { username } } } } }";
    for (viewer, expected) in [(&ben, 1), (&sara, 1)] {
        let data = app.query(Some(&viewer.token), query, json!({})).await?;
        assert_eq!(nodes(&data["marketplacePurchases"]).len(), expected);
    }
    let eve = app.create_user("eve").await?;
    let data = app.query(Some(&eve.token), query, json!({})).await?;
    assert!(nodes(&data["marketplacePurchases"]).is_empty());

    // A bought item cannot be deleted; it can be unpublished.
    assert_eq!(
        refusal(
            &app,
            Some(&sara.token),
            "mutation($id: UUID!) { deleteMarketplaceItem(id: $id) }",
            json!({ "id": helper })
        )
        .await?,
        ("CONFLICT".into(), "id".into())
    );
    Ok(())
}

#[tokio::test]
async fn only_buyers_review_and_ratings_aggregate_on_the_item() -> Result<()> {
    let app = TestApp::spawn().await?;
    let sara = app.create_user("sara").await?;
    let free = listed(&app, &sara, "Free widget", "0").await?;
    let mut buyers = Vec::new();
    for name in ["ben", "cyd"] {
        let buyer = app.create_user(name).await?;
        app.query(Some(&buyer.token), PURCHASE, json!({ "item": free }))
            .await?;
        buyers.push(buyer);
    }
    let eve = app.create_user("eve").await?;
    assert_eq!(
        app.error_code(
            Some(&eve.token),
            REVIEW,
            json!({ "item": free, "rating": 1 })
        )
        .await?,
        "FORBIDDEN"
    );
    assert_eq!(
        app.error_code(
            Some(&sara.token),
            REVIEW,
            json!({ "item": free, "rating": 5 })
        )
        .await?,
        "FORBIDDEN"
    );

    let first = app
        .query(
            Some(&buyers[0].token),
            REVIEW,
            json!({ "item": free, "rating": 5 }),
        )
        .await?;
    app.query(
        Some(&buyers[1].token),
        REVIEW,
        json!({ "item": free, "rating": 4 }),
    )
    .await?;
    assert_eq!(
        refusal(
            &app,
            Some(&buyers[0].token),
            REVIEW,
            json!({ "item": free, "rating": 3 })
        )
        .await?,
        ("CONFLICT".into(), "itemId".into())
    );
    assert_eq!(
        refusal(
            &app,
            Some(&buyers[0].token),
            REVIEW,
            json!({ "item": free, "rating": 9 })
        )
        .await?,
        ("BAD_USER_INPUT".into(), "rating".into())
    );
    let rating = "query($id: UUID!) { marketplaceItem(id: $id) { ratingAverage ratingCount } }";
    let data = app.query(None, rating, json!({ "id": free })).await?;
    assert_eq!(
        data["marketplaceItem"],
        json!({ "ratingAverage": "4.50", "ratingCount": 2 })
    );

    // A changed rating moves the average; another user cannot change it.
    let update = "mutation($id: UUID!) { updateMarketplaceReview(id: $id, rating: 1) { rating } }";
    let review = first["reviewMarketplaceItem"]["id"].clone();
    assert_eq!(
        app.error_code(Some(&eve.token), update, json!({ "id": review }))
            .await?,
        "NOT_FOUND"
    );
    app.query(Some(&buyers[0].token), update, json!({ "id": review }))
        .await?;
    let data = app.query(None, rating, json!({ "id": free })).await?;
    assert_eq!(data["marketplaceItem"]["ratingAverage"], "2.50");
    Ok(())
}

#[tokio::test]
async fn sellers_manage_their_listings_and_search_finds_published_ones() -> Result<()> {
    let app = TestApp::spawn().await?;
    let sara = app.create_user("sara").await?;
    let ben = app.create_user("ben").await?;
    let bot = listed(&app, &sara, "Discord moderation bot", "5").await?;
    listed(&app, &sara, "Twitch chat bot", "7").await?;
    let draft = app
        .query(
            Some(&sara.token),
            CREATE,
            json!({ "input": { "kind": "THEME", "title": "Moderation dark theme", "price": "1" } }),
        )
        .await?["createMarketplaceItem"]["id"]
        .clone();

    // Prices are exact decimal text; floats, negatives and extra places are refused.
    for price in ["-1", "abc", "1.005", "1e3"] {
        let (code, field) = refusal(
            &app,
            Some(&sara.token),
            CREATE,
            json!({ "input": { "kind": "BOT", "title": "x", "price": price } }),
        )
        .await?;
        assert_eq!(
            (code.as_str(), field.as_str()),
            ("BAD_USER_INPUT", "price"),
            "{price}"
        );
    }
    let (code, field) = refusal(
        &app,
        Some(&sara.token),
        CREATE,
        json!({ "input": { "kind": "BOT", "title": "x", "price": "1", "currency": "dollars" } }),
    )
    .await?;
    assert_eq!(
        (code.as_str(), field.as_str()),
        ("BAD_USER_INPUT", "currency")
    );

    let search = "query($q: String!) { searchMarketplace(query: $q) { node { title } } }";
    let found = app
        .query(None, search, json!({ "q": "moderation" }))
        .await?;
    assert_eq!(
        found["searchMarketplace"],
        json!([{ "node": { "title": "Discord moderation bot" } }]),
        "the unpublished theme is not listed"
    );

    let update = "mutation($id: UUID!, $input: UpdateMarketplaceItemInput!) { updateMarketplaceItem(id: $id, input: $input) { title price isPublished } }";
    assert_eq!(
        app.error_code(
            Some(&ben.token),
            update,
            json!({ "id": bot, "input": { "price": "0" } })
        )
        .await?,
        "NOT_FOUND"
    );
    let data = app
        .query(
            Some(&sara.token),
            update,
            json!({ "id": draft, "input": { "isPublished": true, "price": "2.5" } }),
        )
        .await?;
    assert_eq!(
        data["updateMarketplaceItem"],
        json!({ "title": "Moderation dark theme", "price": "2.50", "isPublished": true })
    );
    let found = app
        .query(None, search, json!({ "q": "moderation" }))
        .await?;
    assert_eq!(found["searchMarketplace"].as_array().map(Vec::len), Some(2));
    Ok(())
}

#[tokio::test]
async fn themes_and_widgets_belong_to_their_owner() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let bob = app.create_user("bob").await?;
    let create =
        "mutation($input: ThemeInput!) { createTheme(input: $input) { id name isPublic } }";
    let private = app
        .query(
            Some(&ada.token),
            create,
            json!({ "input": { "name": "Midnight", "colors": { "bg": "#000" } } }),
        )
        .await?["createTheme"]["id"]
        .clone();
    app.query(
        Some(&ada.token),
        create,
        json!({ "input": { "name": "Daylight", "colors": { "bg": "#fff" }, "isPublic": true } }),
    )
    .await?;
    assert_eq!(
        refusal(
            &app,
            Some(&ada.token),
            create,
            json!({ "input": { "name": "Broken", "colors": ["#000"] } })
        )
        .await?,
        ("BAD_USER_INPUT".into(), "colors".into())
    );
    let themes = "{ themes { edges { node { name } } } }";
    let seen = app.query(Some(&bob.token), themes, json!({})).await?;
    assert_eq!(nodes(&seen["themes"]), vec![json!({ "name": "Daylight" })]);
    assert_eq!(
        app.error_code(
            Some(&bob.token),
            "mutation($id: UUID!) { updateTheme(id: $id, input: { isPublic: true }) { id } }",
            json!({ "id": private })
        )
        .await?,
        "NOT_FOUND"
    );

    let add = "mutation { addWidget(widgetType: \"clock\", input: { layout: { x: 0, y: 0, w: 2, h: 1 }, sortOrder: 1 }) { id widgetType layout } }";
    let widget = app.query(Some(&ada.token), add, json!({})).await?["addWidget"].clone();
    assert_eq!(widget["layout"]["w"], 2);
    let moved = app
        .query(
            Some(&ada.token),
            "mutation($id: UUID!) { updateWidget(id: $id, input: { sortOrder: 5, config: { tz: \"UTC\" } }) { sortOrder config } }",
            json!({ "id": widget["id"] }),
        )
        .await?;
    assert_eq!(
        moved["updateWidget"],
        json!({ "sortOrder": 5, "config": { "tz": "UTC" } })
    );
    let theirs = app
        .query(
            Some(&bob.token),
            "{ userWidgets { edges { node { id } } } }",
            json!({}),
        )
        .await?;
    assert!(nodes(&theirs["userWidgets"]).is_empty());
    assert_eq!(
        app.error_code(
            Some(&bob.token),
            "mutation($id: UUID!) { deleteWidget(id: $id) }",
            json!({ "id": widget["id"] })
        )
        .await?,
        "NOT_FOUND"
    );
    app.query(
        Some(&ada.token),
        "mutation($id: UUID!) { deleteWidget(id: $id) }",
        json!({ "id": widget["id"] }),
    )
    .await?;
    Ok(())
}
