//! Enum-like columns of the crypto tables: `text` with a CHECK constraint in the database
//! and a closed Rust/GraphQL enum here.

text_enum! {
    /// A blockchain.
    WalletChain {
        /// Solana (base58 addresses).
        Solana = "solana",
        /// Ethereum (0x addresses).
        Ethereum = "ethereum",
        /// Polygon (0x addresses).
        Polygon = "polygon",
    }
}

text_enum! {
    /// What a transaction does.
    CryptoTransactionKind {
        /// Funds in.
        Deposit = "deposit",
        /// Funds out.
        Withdrawal = "withdrawal",
        /// A purchase paid from the wallet.
        Purchase = "purchase",
    }
}

text_enum! {
    /// Where a transaction stands.
    CryptoTransactionStatus {
        /// Not confirmed yet.
        Pending = "pending",
        /// Confirmed on chain.
        Confirmed = "confirmed",
        /// Failed or dropped.
        Failed = "failed",
    }
}
