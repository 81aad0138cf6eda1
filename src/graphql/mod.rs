//! The GraphQL schema: generic table machinery plus one module per catalog domain.
//!
//! Each domain module declares its tables with [`crate::table!`], their relations with
//! [`crate::relations!`] and its root fields with [`crate::root_fields!`], plus the
//! domain's own queries. The root query merges them all.

pub mod declare;
pub mod error;
pub mod filter;
pub mod resolve;
pub mod table;
pub mod write;

pub mod identity;
pub mod messaging;
pub mod notifications;
pub mod social;

use async_graphql::{EmptySubscription, MergedObject, Schema};

use crate::config::Limits;

/// Every root query field, merged from the domains.
#[derive(MergedObject, Default)]
pub struct QueryRoot(
    identity::ViewerQuery,
    identity::IdentityQuery,
    social::SocialQuery,
    social::DiscoveryQuery,
    messaging::MessagingQuery,
    notifications::NotificationsQuery,
    notifications::UnreadNotificationsQuery,
);

/// Every mutation, merged from the domains.
#[derive(MergedObject, Default)]
pub struct MutationRoot(
    identity::IdentityMutation,
    social::SocialMutation,
    messaging::MessagingMutation,
    notifications::NotificationsMutation,
);

/// The schema type served over HTTP.
pub type AppSchema = Schema<QueryRoot, MutationRoot, EmptySubscription>;

/// Builds the schema with the request limits.
pub fn build_schema(limits: Limits) -> AppSchema {
    Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        EmptySubscription,
    )
    .limit_depth(limits.max_depth)
    .limit_complexity(limits.max_complexity)
    .finish()
}
