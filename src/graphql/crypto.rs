//! Crypto (seed 000): wallets per chain with per-chain address validation, and transactions
//! with exact decimal amounts. Amounts enter as decimal text and are stored as `numeric`;
//! no float is involved anywhere on the way.

use async_graphql::{Context, InputObject, Object};
use entity::crypto::{CryptoTransactionKind, WalletChain, crypto_transactions, wallets};
use sea_orm::ActiveValue::{Set, Unchanged};
use uuid::Uuid;

use crate::db::RequestScope;
use crate::graphql::error::ApiError;
use crate::graphql::resolve::{scope, viewer_id};
use crate::graphql::write;

use crate::graphql::filter::{DateTimeFilter, EnumFilter, StringFilter, UuidFilter};
use crate::graphql::identity::Profile;

crate::table! {
    /// A user's blockchain address, validated per chain.
    Wallet => wallets,
    filter WalletFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        chain: EnumFilter<entity::crypto::WalletChain> => Chain,
        address: StringFilter => Address,
        label: StringFilter => Label,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order WalletOrder / WalletOrderField {
        CreatedAt => CreatedAt,
    } default CreatedAt,
}

crate::relations! {
    Wallet {
        to_one {
            /// Profile that owns it.
            profile: Profile = user_id,
        }
        to_many {
            /// The crypto transactions pointing at this row.
            crypto_transactions: CryptoTransaction = crypto_transactions::Column::WalletId,
        }
    }
}

crate::table! {
    /// A deposit, withdrawal or purchase of a wallet.
    CryptoTransaction => crypto_transactions,
    filter CryptoTransactionFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        wallet_id: UuidFilter => WalletId,
        kind: EnumFilter<entity::crypto::CryptoTransactionKind> => Kind,
        asset: StringFilter => Asset,
        tx_hash: StringFilter => TxHash,
        status: EnumFilter<entity::crypto::CryptoTransactionStatus> => Status,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order CryptoTransactionOrder / CryptoTransactionOrderField {
        CreatedAt => CreatedAt,
    } default CreatedAt,
}

crate::relations! {
    CryptoTransaction {
        to_one {
            /// Profile that owns it.
            profile: Profile = user_id,
            /// The wallet.
            wallet: Wallet = wallet_id,
        }
        to_many {
        }
    }
}

crate::change_feeds! {
    /// Live changes of the viewer's wallets and crypto payments.
    CryptoChanges owned {
        /// The viewer's wallets as they are added, labelled and removed. With `after`,
        /// every change since that cursor comes first.
        wallet_changes: Wallet => WalletChange;
        /// The viewer's crypto transactions as they are submitted and confirmed. With
        /// `after`, every change since that cursor comes first.
        crypto_transaction_changes: CryptoTransaction => CryptoTransactionChange;
    }
}

crate::root_fields! {
    /// By-id and list fields of the crypto tables.
    CryptoQuery {
        wallet, wallets: Wallet;
        crypto_transaction, crypto_transactions: CryptoTransaction;
    }
}

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
