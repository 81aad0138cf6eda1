//! Credits and quotas: the ledger of seed 002 never overdraws, even under 100 concurrent
//! reservations, logs every change with the balance after it, and the monthly quotas of
//! seed 003 follow the subscriber's tier.

use crate::common;

use anyhow::Result;
use common::{TestApp, TestUser, nodes};
use serde_json::{Value, json};
use switchyard_core::auth::Role;

const RESERVE: &str = "mutation($amount: Int!, $reference: UUID, $userId: UUID) {
  reserveCredits(amount: $amount, reference: $reference, userId: $userId) {
    kind amount balanceAfter reservedAfter referenceId
  }
}";
const CONSUME: &str = "mutation($amount: Int!, $reference: UUID) {
  consumeCredits(amount: $amount, reference: $reference) { kind amount balanceAfter reservedAfter }
}";
const RELEASE: &str = "mutation($reference: UUID!) {
  releaseCredits(reference: $reference) { kind amount balanceAfter reservedAfter }
}";
const GRANT: &str = "mutation($userId: UUID) {
  grantMonthlyCredits(userId: $userId) { kind amount balanceAfter }
}";
const CHECK: &str = "query($amount: Int) {
  checkCredits(amount: $amount) { balance reserved available sufficient }
}";
const LEDGER: &str = "{
  creditTransactions(first: 100, orderBy: { field: CREATED_AT, direction: ASC }) {
    edges { node { kind amount balanceAfter reservedAfter } }
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

#[tokio::test]
async fn a_hundred_parallel_reservations_against_a_balance_for_37_let_exactly_37_through()
-> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    fund(&app, &ada, 370).await?;

    let attempts = (0..100).map(|_| {
        app.post_graphql(
            Some(&ada.token),
            RESERVE,
            json!({ "amount": 10, "reference": uuid::Uuid::new_v4() }),
        )
    });
    let answers = futures_util::future::join_all(attempts).await;
    let mut granted = 0;
    let mut refused = 0;
    for answer in answers {
        let (_, body) = answer?;
        match body["errors"][0]["extensions"]["code"].as_str() {
            None => granted += 1,
            Some("CONFLICT") => refused += 1,
            Some(other) => anyhow::bail!("unexpected error {other}: {body}"),
        }
    }
    assert_eq!((granted, refused), (37, 63));

    let data = app
        .query(Some(&ada.token), CHECK, json!({ "amount": 1 }))
        .await?;
    assert_eq!(
        data["checkCredits"],
        json!({ "balance": 370, "reserved": 370, "available": 0, "sufficient": false })
    );
    let ledger = app.query(Some(&ada.token), LEDGER, json!({})).await?;
    let rows = nodes(&ledger["creditTransactions"]);
    assert_eq!(rows.len(), 37);
    let mut reserved_after: Vec<i64> = rows
        .iter()
        .filter_map(|row| row["reservedAfter"].as_i64())
        .collect();
    reserved_after.sort_unstable();
    assert_eq!(reserved_after, (1..=37).map(|n| n * 10).collect::<Vec<_>>());
    Ok(())
}

#[tokio::test]
async fn a_run_reserves_consumes_and_releases_and_the_ledger_tells_the_story() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let token = Some(ada.token.as_str());

    let grant = app.query(token, GRANT, json!({})).await?;
    assert_eq!(
        grant["grantMonthlyCredits"],
        json!({ "kind": "GRANT", "amount": 100, "balanceAfter": 100 })
    );
    let again = app.query(token, GRANT, json!({})).await?;
    assert_eq!(again["grantMonthlyCredits"], Value::Null, "once a month");

    let run = uuid::Uuid::new_v4();
    app.query(token, RESERVE, json!({ "amount": 30, "reference": run }))
        .await?;
    app.query(token, CONSUME, json!({ "amount": 20, "reference": run }))
        .await?;
    let overspend = app
        .error_code(token, CONSUME, json!({ "amount": 20, "reference": run }))
        .await?;
    assert_eq!(
        overspend, "CONFLICT",
        "a reservation caps what a run spends"
    );
    let released = app
        .query(token, RELEASE, json!({ "reference": run }))
        .await?;
    assert_eq!(
        released["releaseCredits"],
        json!({ "kind": "RELEASE", "amount": 10, "balanceAfter": 80, "reservedAfter": 0 })
    );
    let nothing_left = app
        .error_code(token, RELEASE, json!({ "reference": run }))
        .await?;
    assert_eq!(nothing_left, "CONFLICT");

    // Spending without a reservation draws on the available credits, never below zero.
    app.query(token, CONSUME, json!({ "amount": 80 })).await?;
    let broke = app
        .error_code(token, CONSUME, json!({ "amount": 1 }))
        .await?;
    assert_eq!(broke, "CONFLICT");

    let ledger = app.query(token, LEDGER, json!({})).await?;
    let story: Vec<(String, i64, i64)> = nodes(&ledger["creditTransactions"])
        .iter()
        .map(|row| {
            (
                row["kind"].as_str().unwrap_or_default().to_owned(),
                row["balanceAfter"].as_i64().unwrap_or(-1),
                row["reservedAfter"].as_i64().unwrap_or(-1),
            )
        })
        .collect();
    assert_eq!(
        story,
        [
            ("GRANT".into(), 100, 0),
            ("RESERVE".into(), 100, 30),
            ("CONSUME".into(), 80, 10),
            ("RELEASE".into(), 80, 0),
            ("CONSUME".into(), 0, 0),
        ]
    );
    Ok(())
}

#[tokio::test]
async fn credits_belong_to_their_owner_and_the_service_role() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let bob = app.create_user("bob").await?;
    fund(&app, &bob, 50).await?;

    let code = app
        .error_code(
            Some(&ada.token),
            RESERVE,
            json!({ "amount": 5, "userId": bob.id }),
        )
        .await?;
    assert_eq!(code, "FORBIDDEN");
    assert_eq!(
        app.error_code(None, CHECK, json!({})).await?,
        "UNAUTHENTICATED"
    );
    for amount in [0, -3] {
        let code = app
            .error_code(Some(&ada.token), RESERVE, json!({ "amount": amount }))
            .await?;
        assert_eq!(code, "BAD_USER_INPUT");
    }

    // Bob's ledger is invisible to Ada; the service role may act for anyone.
    app.query(Some(&bob.token), RESERVE, json!({ "amount": 5 }))
        .await?;
    let seen = app.query(Some(&ada.token), LEDGER, json!({})).await?;
    assert!(nodes(&seen["creditTransactions"]).is_empty());
    let service = app.token(None, Role::ServiceRole)?;
    let granted = app
        .query(Some(&service), GRANT, json!({ "userId": bob.id }))
        .await?;
    assert_eq!(granted["grantMonthlyCredits"]["balanceAfter"], 150);

    // Tiers and prices are public.
    let public = app
        .query(
            None,
            "{ subscriptionTiers(orderBy: { field: SORT_ORDER, direction: ASC }) {
                 edges { node { slug monthlyCredits } } }
               creditPricing(first: 50) { edges { node { operation } } } }",
            json!({}),
        )
        .await?;
    let tiers: Vec<Value> = nodes(&public["subscriptionTiers"])
        .iter()
        .map(|tier| tier["slug"].clone())
        .collect();
    assert_eq!(tiers, ["free", "pro", "team", "enterprise"]);
    assert_eq!(nodes(&public["creditPricing"]).len(), 13);
    Ok(())
}

const INCREMENT: &str = "mutation($metric: QuotaMetric!, $amount: Int) {
  incrementQuota(metric: $metric, amount: $amount) { tier limit used remaining allowed }
}";

#[tokio::test]
async fn quotas_follow_the_subscribers_tier() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let token = Some(ada.token.as_str());

    // Free tier: 25 AI analyses a month.
    let used = app
        .query(
            token,
            INCREMENT,
            json!({ "metric": "AI_ANALYSES", "amount": 25 }),
        )
        .await?;
    assert_eq!(
        used["incrementQuota"],
        json!({ "tier": "free", "limit": 25, "used": 25, "remaining": 0, "allowed": false })
    );
    let over = app
        .error_code(token, INCREMENT, json!({ "metric": "AI_ANALYSES" }))
        .await?;
    assert_eq!(over, "CONFLICT");
    let back = app
        .query(
            token,
            "mutation { decrementQuota(metric: AI_ANALYSES, amount: 5) { used allowed } }",
            json!({}),
        )
        .await?;
    assert_eq!(
        back["decrementQuota"],
        json!({ "used": 20, "allowed": true })
    );
    let seo = app
        .error_code(token, INCREMENT, json!({ "metric": "SEO_SUBMISSIONS" }))
        .await?;
    assert_eq!(seo, "CONFLICT", "the free tier has no SEO submissions");

    // An enterprise subscription lifts the limits.
    app.exec(
        "INSERT INTO subscriptions (user_id, tier_id)
         SELECT $1, id FROM subscription_tiers WHERE slug = 'enterprise'",
        [ada.id.into()],
    )
    .await?;
    let unlimited = app
        .query(
            token,
            INCREMENT,
            json!({ "metric": "SEO_SUBMISSIONS", "amount": 1000 }),
        )
        .await?;
    assert_eq!(
        unlimited["incrementQuota"],
        json!({ "tier": "enterprise", "limit": null, "used": 1000, "remaining": null, "allowed": true })
    );
    let check = app
        .query(
            token,
            "{ checkQuota(metric: SYNCS) { tier used allowed } }",
            json!({}),
        )
        .await?;
    assert_eq!(
        check["checkQuota"],
        json!({ "tier": "enterprise", "used": 0, "allowed": true })
    );
    Ok(())
}
