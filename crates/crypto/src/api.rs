//! The crypto API: the resolvers, each parsing its arguments and calling one operation,
//! and the input and output types they take and give.

use super::*;

/// A transaction to record on one of the viewer's wallets.
#[derive(Debug, InputObject)]
pub struct RecordCryptoTransactionInput {
    /// The wallet.
    pub wallet_id: Uuid,
    /// Deposit, withdrawal or purchase.
    pub kind: CryptoTransactionKind,
    /// Amount as decimal text, e.g. "0.000000000000000001" (positive, at most 18 decimal
    /// places, 20 digits before the point and 28 significant digits); JSON numbers are
    /// refused, as they would pass through a float.
    pub amount: String,
    /// Asset symbol, e.g. `ETH`, `USDC` (2 to 10 capitals or digits).
    pub asset: String,
    /// The chain's transaction hash (unique per wallet).
    pub tx_hash: Option<String>,
}

/// Wallets and their transactions.
#[derive(Debug, Default)]
pub struct CryptoMutation;

#[Object]
impl CryptoMutation {
    /// Adds a wallet of the viewer's (seed 000's `createWallet`): `address` must be valid
    /// for `chain` (0x and 40 hex digits on Ethereum and Polygon, a base58 key of 32 to 44
    /// characters on Solana).
    async fn add_wallet(
        &self,
        ctx: &Context<'_>,
        chain: WalletChain,
        address: String,
        label: Option<String>,
    ) -> async_graphql::Result<Wallet> {
        let owner = viewer_id(ctx)?;
        Ok(add_wallet(scope(ctx)?, owner, chain, &address, label).await?)
    }

    /// Renames one of the viewer's wallets.
    async fn rename_wallet(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        label: Option<String>,
    ) -> async_graphql::Result<Wallet> {
        viewer_id(ctx)?;
        Ok(rename_wallet(scope(ctx)?, id, label).await?)
    }

    /// Removes one of the viewer's wallets with its transactions.
    async fn delete_wallet(&self, ctx: &Context<'_>, id: Uuid) -> async_graphql::Result<Uuid> {
        viewer_id(ctx)?;
        Ok(write::delete::<Wallet>(scope(ctx)?, id).await?)
    }

    /// Records a transaction (pending) on one of the viewer's wallets, with an exact amount.
    async fn record_crypto_transaction(
        &self,
        ctx: &Context<'_>,
        input: RecordCryptoTransactionInput,
    ) -> async_graphql::Result<CryptoTransaction> {
        let owner = viewer_id(ctx)?;
        Ok(record_crypto_transaction(scope(ctx)?, owner, input).await?)
    }
}
