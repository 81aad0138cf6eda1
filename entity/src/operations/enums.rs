//! Enum-like columns of the operations tables: `text` with a CHECK constraint in the database
//! and a closed Rust/GraphQL enum here.

text_enum! {
    /// What happened.
    SecurityEventKind {
        /// A sign-in with a wrong e-mail or password.
        FailedLogin = "failed_login",
        /// A sign-in refused because of too many failures.
        BruteForceBlocked = "brute_force_blocked",
        /// A request with a refused token.
        InvalidToken = "invalid_token",
        /// Input that looked like an injection.
        InjectionAttempt = "injection_attempt",
        /// Anything else worth a look.
        SuspiciousActivity = "suspicious_activity",
    }
}

text_enum! {
    /// Severity of an audit entry.
    AuditLevel {
        /// Debug.
        Debug = "debug",
        /// Information.
        Info = "info",
        /// Warning.
        Warning = "warning",
        /// Error.
        Error = "error",
    }
}
