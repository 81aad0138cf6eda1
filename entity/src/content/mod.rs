//! Content and discovery (seed 003 StreamVibe): platforms and connected accounts, synced
//! content with full-text search, revisions, categories, tags, media and clicks, trending
//! lists, featured creators and SEO. Platform tokens are never stored: connections keep a
//! vault reference.

pub mod account_statuses;
pub mod content_categories;
pub mod content_clicks;
pub mod content_items;
pub mod content_media;
pub mod content_revisions;
pub mod content_tags;
pub mod content_types;
pub mod enums;
pub mod featured_creators;
pub mod platform_connections;
pub mod platforms;
pub mod search_engines;
pub mod seo_connections;
pub mod seo_submissions;
pub mod seo_usage;
pub mod social_accounts;
pub mod trending_content;
pub mod trending_keywords;

pub use enums::{ContentVisibility, SeoSubmissionStatus};
