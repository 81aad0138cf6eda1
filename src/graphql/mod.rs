//! The GraphQL schema: the product areas' roots merged, and the subscription root.
//!
//! Each area crate (`switchyard-<area>`) declares its tables with [`switchyard_core::table!`],
//! their relations with [`switchyard_core::relations!`] and its root fields with
//! [`switchyard_core::root_fields!`], plus the area's own queries and mutations. The root
//! query and the root mutation merge them all.

pub mod subscriptions;

use switchyard_agents as agents;
use switchyard_ai as ai;
use switchyard_assistants as assistants;
use switchyard_automation as automation;
use switchyard_billing as billing;
use switchyard_collaboration as collaboration;
use switchyard_community::{identity, messaging, notifications, social};
use switchyard_connectors as connectors;
use switchyard_content as content;
use switchyard_core::graphql::rate_limit;
use switchyard_crypto as crypto;
use switchyard_jobs as jobs;
use switchyard_marketplace as marketplace;
use switchyard_operations as operations;
use switchyard_research as research;

use async_graphql::{MergedObject, Schema};

use switchyard_core::config::Limits;

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
