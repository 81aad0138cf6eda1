//! The GraphQL schema: generic table machinery plus one module per catalog domain.
//!
//! Each domain module declares its tables with [`crate::table!`], their relations with
//! [`crate::relations!`] and its root fields with [`crate::root_fields!`], plus the
//! domain's own queries. The root query and the root mutation merge them all.

pub mod aggregate;
pub mod declare;
pub mod error;
pub mod filter;
pub mod live;
pub mod loaders;
pub mod plan;
pub mod ranked;
pub mod rate_limit;
pub mod resolve;
pub mod semantic;
pub mod table;
pub mod write;

pub mod agents;
pub mod ai;
pub mod assistants;
pub mod automation;
pub mod billing;
pub mod collaboration;
pub mod connectors;
pub mod content;
pub mod crypto;
pub mod identity;
pub mod jobs;
pub mod marketplace;
pub mod messaging;
pub mod notifications;
pub mod operations;
pub mod research;
pub mod social;
pub mod subscriptions;

use async_graphql::{MergedObject, Schema};

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
    collaboration::CollaborationQuery,
    jobs::JobsQuery,
    billing::BillingQuery,
    billing::CreditsQuery,
    ai::AiQuery,
    ai::SemanticSearchQuery,
    agents::AgentsQuery,
    agents::AgentMemorySearchQuery,
    content::ContentQuery,
    content::ContentSearchQuery,
    marketplace::MarketplaceQuery,
    marketplace::MarketplaceSearchQuery,
    crypto::CryptoQuery,
    connectors::ConnectorsQuery,
    operations::OperationsQuery,
    automation::AutomationQuery,
    research::ResearchQuery,
    operations::CacheQuery,
);

/// Every root mutation field, merged from the domains.
#[derive(MergedObject, Default)]
pub struct MutationRoot(
    identity::IdentityMutation,
    social::SocialMutation,
    messaging::MessagingMutation,
    notifications::NotificationsMutation,
    collaboration::CollaborationMutation,
    jobs::JobsMutation,
    jobs::WorkerMutation,
    billing::CreditsMutation,
    ai::AiMutation,
    agents::AgentsMutation,
    assistants::AssistantsMutation,
    automation::AutomationMutation,
    automation::SchedulerMutation,
    research::ResearchMutation,
    research::ResearchWorkerMutation,
    content::ContentMutation,
    marketplace::MarketplaceMutation,
    crypto::CryptoMutation,
    connectors::ConnectorsMutation,
    operations::OperationsMutation,
);

/// The schema type served over HTTP and WebSocket.
pub type AppSchema = Schema<QueryRoot, MutationRoot, subscriptions::SubscriptionRoot>;

/// Builds the schema with the request limits. Depth is bounded before execution, by the
/// transports' document gate (`http::document`), which treats introspection apart.
pub fn build_schema(limits: Limits) -> AppSchema {
    Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        subscriptions::SubscriptionRoot::default(),
    )
    .limit_complexity(limits.max_complexity)
    .extension(rate_limit::RateLimitExtension)
    .data(limits)
    .finish()
}
