//! Crypto (seed 000): wallets per chain with per-chain address validation, and transactions
//! with exact decimal amounts.

use entity::crypto::{crypto_transactions, wallets};

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

crate::root_fields! {
    /// By-id and list fields of the crypto tables.
    CryptoQuery {
        wallet, wallets: Wallet;
        crypto_transaction, crypto_transactions: CryptoTransaction;
    }
}
