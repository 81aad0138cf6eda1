//! The crypto operations: what each resolver asks for, done as the request's viewer
//! through its scope.

use super::*;

/// Adds a wallet of `owner`'s on `chain`, whose format `address` must have.
pub async fn add_wallet(
    scope: &RequestScope,
    owner: Uuid,
    chain: WalletChain,
    address: &str,
    label: Option<String>,
) -> Result<Wallet, ApiError> {
    let address = address.trim().to_owned();
    let wallet = wallets::ActiveModel {
        user_id: Set(owner),
        chain: Set(chain),
        address: Set(address),
        label: Set(label),
        ..Default::default()
    };
    write::insert::<Wallet, _>(scope, wallet).await
}

/// Renames a wallet; RLS lets only its owner through.
pub async fn rename_wallet(
    scope: &RequestScope,
    id: Uuid,
    label: Option<String>,
) -> Result<Wallet, ApiError> {
    let wallet = wallets::ActiveModel {
        id: Unchanged(id),
        label: Set(label),
        ..Default::default()
    };
    write::update::<Wallet, _>(scope, wallet).await
}

/// Records a pending transaction of `owner`'s on one of their wallets.
pub async fn record_crypto_transaction(
    scope: &RequestScope,
    owner: Uuid,
    input: RecordCryptoTransactionInput,
) -> Result<CryptoTransaction, ApiError> {
    let amount = write::decimal("amount", &input.amount, 20, 18, false)?;
    let asset_ok = (2..=10).contains(&input.asset.len())
        && input
            .asset
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if !asset_ok {
        return Err(ApiError::bad_input(
            "asset",
            "assets are 2 to 10 capital letters or digits, e.g. ETH",
        ));
    }
    if let Some(hash) = &input.tx_hash {
        write::check_length("txHash", hash, 1, 200)?;
    }
    write::find::<Wallet>(scope, input.wallet_id).await?;
    let transaction = crypto_transactions::ActiveModel {
        user_id: Set(owner),
        wallet_id: Set(input.wallet_id),
        kind: Set(input.kind),
        amount: Set(amount),
        asset: Set(input.asset),
        tx_hash: Set(input.tx_hash),
        ..Default::default()
    };
    write::insert::<CryptoTransaction, _>(scope, transaction).await
}
