//! Crypto writes (seed 000): wallets whose addresses are checked per chain, and
//! transactions whose amounts stay exact decimals from input to output.

use crate::common;

use anyhow::Result;
use common::{TestApp, nodes};
use serde_json::{Value, json};

const ADD: &str = "mutation($chain: WalletChain!, $address: String!) { addWallet(chain: $chain, address: $address, label: \"main\") { id chain address } }";
const RECORD: &str = "mutation($input: RecordCryptoTransactionInput!) { recordCryptoTransaction(input: $input) { id amount asset status } }";
const ETH_ADDRESS: &str = "0x52908400098527886E0F7030069857D2E4169EE7";
const SOL_ADDRESS: &str = "4Nd1mBQtrMJVYVfKf2PJy9NZUZdTAsp7D4xWLs4gDB4T";

/// The first error's code and field.
async fn refusal(
    app: &TestApp,
    token: &str,
    query: &str,
    variables: Value,
) -> Result<(String, String)> {
    let (_, body) = app.post_graphql(Some(token), query, variables).await?;
    let error = &body["errors"][0];
    anyhow::ensure!(!error.is_null(), "expected an error, got {body}");
    let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();
    Ok((
        text(&error["extensions"]["code"]),
        text(&error["extensions"]["field"]),
    ))
}

#[tokio::test]
async fn wallet_addresses_are_validated_per_chain() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    for (chain, address) in [
        ("ETHEREUM", ETH_ADDRESS),
        ("POLYGON", ETH_ADDRESS),
        ("SOLANA", SOL_ADDRESS),
    ] {
        let data = app
            .query(
                Some(&ada.token),
                ADD,
                json!({ "chain": chain, "address": address }),
            )
            .await?;
        assert_eq!(data["addWallet"]["chain"], chain);
    }
    // A Solana key is not an Ethereum address and vice versa; nor is a short or non-hex one.
    for (chain, address) in [
        ("ETHEREUM", SOL_ADDRESS),
        ("SOLANA", ETH_ADDRESS),
        ("ETHEREUM", "0x1234"),
        ("POLYGON", "0xZZ908400098527886E0F7030069857D2E4169EE7"),
        ("SOLANA", "0OIl0OIl0OIl0OIl0OIl0OIl0OIl0OIl0OIl"),
    ] {
        assert_eq!(
            refusal(
                &app,
                &ada.token,
                ADD,
                json!({ "chain": chain, "address": address })
            )
            .await?,
            ("BAD_USER_INPUT".into(), "address".into()),
            "{chain} {address}"
        );
    }
    assert_eq!(
        refusal(
            &app,
            &ada.token,
            ADD,
            json!({ "chain": "ETHEREUM", "address": ETH_ADDRESS })
        )
        .await?,
        ("CONFLICT".into(), "address".into())
    );
    assert_eq!(
        app.error_code(
            None,
            ADD,
            json!({ "chain": "ETHEREUM", "address": ETH_ADDRESS })
        )
        .await?,
        "UNAUTHENTICATED"
    );
    // Wallets are private.
    let bob = app.create_user("bob").await?;
    let seen = app
        .query(
            Some(&bob.token),
            "{ wallets { edges { node { id } } } }",
            json!({}),
        )
        .await?;
    assert!(nodes(&seen["wallets"]).is_empty());
    Ok(())
}

#[tokio::test]
async fn transactions_keep_exact_amounts_and_are_listed_by_wallet() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let bob = app.create_user("bob").await?;
    let wallet = app
        .query(
            Some(&ada.token),
            ADD,
            json!({ "chain": "ETHEREUM", "address": ETH_ADDRESS }),
        )
        .await?["addWallet"]["id"]
        .clone();
    let other = app
        .query(
            Some(&ada.token),
            ADD,
            json!({ "chain": "SOLANA", "address": SOL_ADDRESS }),
        )
        .await?["addWallet"]["id"]
        .clone();
    let record = |wallet: &Value, amount: &str, hash: &str| {
        json!({ "input": { "walletId": wallet, "kind": "DEPOSIT", "amount": amount,
                           "asset": "ETH", "txHash": hash } })
    };

    // 18 decimal places and 28 significant digits survive exactly (a float would not).
    let tiny = app
        .query(
            Some(&ada.token),
            RECORD,
            record(&wallet, "0.000000000000000001", "0xa"),
        )
        .await?;
    assert_eq!(
        tiny["recordCryptoTransaction"]["amount"],
        "0.000000000000000001"
    );
    assert_eq!(tiny["recordCryptoTransaction"]["status"], "PENDING");
    let huge = app
        .query(
            Some(&ada.token),
            RECORD,
            record(&wallet, "1234567890.123456789012345678", "0xb"),
        )
        .await?;
    assert_eq!(
        huge["recordCryptoTransaction"]["amount"],
        "1234567890.123456789012345678"
    );
    app.query(Some(&ada.token), RECORD, record(&other, "3", "sol-1"))
        .await?;

    for amount in [
        "-1",
        "0",
        "ten",
        "1e5",
        "0.0000000000000000001",
        "123456789012345678901",
    ] {
        assert_eq!(
            refusal(&app, &ada.token, RECORD, record(&wallet, amount, "0xc")).await?,
            ("BAD_USER_INPUT".into(), "amount".into()),
            "{amount}"
        );
    }
    // A JSON number is not accepted as an amount.
    let (_, body) = app
        .post_graphql(
            Some(&ada.token),
            RECORD,
            json!({ "input": { "walletId": wallet, "kind": "DEPOSIT", "amount": 0.1, "asset": "ETH" } }),
        )
        .await?;
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    assert_eq!(
        refusal(&app, &ada.token, RECORD, record(&wallet, "1", "0xa")).await?,
        ("CONFLICT".into(), "txHash".into())
    );
    let mut lowercase = record(&wallet, "1", "0xd");
    lowercase["input"]["asset"] = json!("eth");
    assert_eq!(
        refusal(&app, &ada.token, RECORD, lowercase).await?,
        ("BAD_USER_INPUT".into(), "asset".into())
    );

    // Bob cannot record on Ada's wallet, nor see her transactions.
    assert_eq!(
        refusal(&app, &bob.token, RECORD, record(&wallet, "1", "0xe"))
            .await?
            .0,
        "NOT_FOUND"
    );
    let by_wallet = "query($id: UUID!) { wallet(id: $id) { cryptoTransactions { edges { node { amount } } } } }";
    let listed = app
        .query(Some(&ada.token), by_wallet, json!({ "id": wallet }))
        .await?;
    assert_eq!(nodes(&listed["wallet"]["cryptoTransactions"]).len(), 2);
    let foreign = app
        .query(
            Some(&bob.token),
            "{ cryptoTransactions { edges { node { id } } } }",
            json!({}),
        )
        .await?;
    assert!(nodes(&foreign["cryptoTransactions"]).is_empty());
    Ok(())
}
