//! Enum-like columns of the identity tables. Each is `text` with a CHECK constraint in the
//! database and a closed Rust/GraphQL enum here.

text_enum! {
    /// Account-level role kept on `users.role`; finer-grained application roles live in
    /// `user_roles`.
    AccountRole {
        /// An ordinary account.
        User = "user",
        /// An administrator account.
        Admin = "admin",
    }
}

text_enum! {
    /// Subscription tier shown on a profile.
    ProfileTier {
        /// Free tier.
        Explorer = "explorer",
        /// Paid tier for active creators.
        Creator = "creator",
        /// Top tier for studios and world builders.
        RealmBuilder = "realm_builder",
    }
}

text_enum! {
    /// Billing state of a paid subscription.
    SubscriptionStatus {
        /// Paid and current.
        Active = "active",
        /// In a free trial.
        Trialing = "trialing",
        /// A payment failed; access continues for now.
        PastDue = "past_due",
        /// Ended by the user or by billing.
        Canceled = "canceled",
        /// Temporarily suspended.
        Paused = "paused",
    }
}

text_enum! {
    /// Colour scheme of the user interface.
    UiMode {
        /// Always light.
        Light = "light",
        /// Always dark.
        Dark = "dark",
        /// Follow the device setting.
        System = "system",
    }
}

text_enum! {
    /// Application role granted through `user_roles`, checked by `has_role()`.
    AppRole {
        /// Default role of every account.
        User = "user",
        /// May publish as a creator.
        Creator = "creator",
        /// May moderate content.
        Moderator = "moderator",
        /// May manage roles and everything else.
        Admin = "admin",
    }
}
