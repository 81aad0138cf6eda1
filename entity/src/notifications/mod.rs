//! Notifications: the per-profile inbox.

pub mod enums;
#[expect(
    clippy::module_inception,
    reason = "module names are table names, and the domain is named after its one table"
)]
pub mod notifications;

pub use enums::NotificationType;
