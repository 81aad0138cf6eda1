//! Identity: accounts, public profiles, private settings, application roles and API keys.
//!
//! `users` is the account (the JWT `sub`); `profiles` is its public face with the same id.
//! Identity tables reference `users`; every other table references `profiles`.

pub mod api_keys;
pub mod enums;
pub mod profiles;
pub mod user_roles;
pub mod user_settings;
pub mod users;

pub use enums::{AccountRole, AppRole, ProfileTier, SubscriptionStatus, UiMode};
