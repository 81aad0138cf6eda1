//! Crypto (seed 000): wallets per chain with per-chain address validation, and transactions
//! with exact decimal amounts.

pub mod crypto_transactions;
pub mod enums;
pub mod wallets;

pub use enums::{CryptoTransactionKind, CryptoTransactionStatus, WalletChain};
