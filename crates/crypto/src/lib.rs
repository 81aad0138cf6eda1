//! Crypto (seed 000): wallets per chain with per-chain address validation, and transactions
//! with exact decimal amounts. Amounts enter as decimal text and are stored as `numeric`;
//! no float is involved anywhere on the way.

mod api;
mod operations;

pub use api::*;
pub use operations::*;

use async_graphql::{Context, InputObject, Object};
use entity::crypto::{CryptoTransactionKind, WalletChain, crypto_transactions, wallets};
use sea_orm::ActiveValue::{Set, Unchanged};
use uuid::Uuid;

use switchyard_community::identity::Profile;
use switchyard_core::db::RequestScope;
use switchyard_core::graphql::error::ApiError;
use switchyard_core::graphql::filter::{DateTimeFilter, EnumFilter, StringFilter, UuidFilter};
use switchyard_core::graphql::resolve::{scope, viewer_id};
use switchyard_core::graphql::write;

switchyard_core::table! {
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

switchyard_core::relations! {
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

switchyard_core::table! {
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

switchyard_core::relations! {
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

switchyard_core::change_feeds! {
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

switchyard_core::root_fields! {
    /// By-id and list fields of the crypto tables.
    CryptoQuery {
        wallet, wallets: Wallet;
        crypto_transaction, crypto_transactions: CryptoTransaction;
    }
}
