//! Enum-like columns of the billing tables: `text` with a CHECK constraint in the database and a closed Rust/GraphQL enum here.

text_enum! {
    /// What a credit ledger entry records.
    CreditTransactionKind {
        /// Credits added by the monthly grant.
        Grant = "grant",
        /// Credits held for running work.
        Reserve = "reserve",
        /// Credits spent.
        Consume = "consume",
        /// Held credits given back, unspent.
        Release = "release",
        /// Credits bought.
        Purchase = "purchase",
        /// Credits returned after a refund.
        Refund = "refund",
    }
}

text_enum! {
    /// Where a payment stands.
    PaymentStatus {
        /// Order created, not yet paid.
        Created = "created",
        /// Waiting for the provider.
        Pending = "pending",
        /// Paid.
        Completed = "completed",
        /// The payment failed.
        Failed = "failed",
        /// Paid, then refunded.
        Refunded = "refunded",
        /// Abandoned before payment.
        Canceled = "canceled",
    }
}

text_enum! {
    /// What a monthly quota counts (seed 003).
    QuotaMetric {
        /// Content syncs from connected platforms.
        Syncs = "syncs",
        /// AI analyses of content.
        AiAnalyses = "ai_analyses",
        /// Search-engine submissions.
        SeoSubmissions = "seo_submissions",
    }
}
