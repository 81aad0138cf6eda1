//! Content and discovery (seed 003 StreamVibe): platforms and connected accounts, synced
//! content with full-text search, revisions, categories, tags, media and clicks, trending
//! lists, featured creators and SEO. Platform tokens are never stored: connections keep a
//! vault reference.
//!
//! Content enters through `syncContent` (an upsert keyed by account and platform id) and
//! owner edits; triggers keep revisions, tag rows and click counts. Clicks, SEO submissions
//! and keyword counting go through the SQL functions of migrations 000014 and 000019, which
//! enforce the rate limit and the plan's quota inside the request's transaction.

use async_graphql::{Context, InputObject, Object};
use entity::content::{
    ContentVisibility, account_statuses, content_categories, content_clicks, content_items,
    content_media, content_revisions, content_tags, content_types, featured_creators,
    platform_connections, platforms, search_engines, seo_connections, seo_submissions, seo_usage,
    social_accounts, trending_content, trending_keywords,
};

use sea_orm::ActiveValue::{Set, Unchanged};
use sea_orm::prelude::DateTimeWithTimeZone;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::auth::Role;
use crate::db::RequestScope;
use crate::graphql::error::ApiError;
use crate::graphql::filter::{
    BigIntFilter, BoolFilter, DateTimeFilter, EnumFilter, IntFilter, StringFilter, UuidFilter,
};
use crate::graphql::identity::Profile;
use crate::graphql::loaders::RequestLoader;
use crate::graphql::ranked::{self, Ranked};
use crate::graphql::resolve::{call_for_effect, call_row, call_value, loader, scope, viewer_id};
use crate::graphql::table::Table;
use crate::graphql::write;

crate::table! {
    /// A social platform content is synced from.
    Platform => platforms,
    filter PlatformFilter {
        id: UuidFilter => Id,
        slug: StringFilter => Slug,
        name: StringFilter => Name,
        oauth_supported: BoolFilter => OauthSupported,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order PlatformOrder / PlatformOrderField {
        CreatedAt => CreatedAt,
        Name => Name,
        Slug => Slug,
    } default CreatedAt,
}

crate::relations! {
    Platform {
        to_one {
        }
        to_many {
            /// The platform connections pointing at this row.
            platform_connections: PlatformOAuthConnection = platform_connections::Column::PlatformId,
            /// The social accounts pointing at this row.
            social_accounts: SocialAccount = social_accounts::Column::PlatformId,
        }
    }
}

crate::table! {
    /// A state a connected social account can be in.
    AccountStatus => account_statuses,
    filter AccountStatusFilter {
        id: UuidFilter => Id,
        slug: StringFilter => Slug,
        name: StringFilter => Name,
        description: StringFilter => Description,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order AccountStatusOrder / AccountStatusOrderField {
        CreatedAt => CreatedAt,
        Name => Name,
        Slug => Slug,
    } default CreatedAt,
}

crate::relations! {
    AccountStatus {
        to_one {
        }
        to_many {
            /// The social accounts pointing at this row.
            social_accounts: SocialAccount = social_accounts::Column::StatusId,
        }
    }
}

crate::table! {
    /// A kind of synced content.
    ContentType => content_types,
    filter ContentTypeFilter {
        id: UuidFilter => Id,
        slug: StringFilter => Slug,
        name: StringFilter => Name,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order ContentTypeOrder / ContentTypeOrderField {
        CreatedAt => CreatedAt,
        Name => Name,
        Slug => Slug,
    } default CreatedAt,
}

crate::relations! {
    ContentType {
        to_one {
        }
        to_many {
            /// The content items pointing at this row.
            content_items: ContentItem = content_items::Column::ContentTypeId,
        }
    }
}

crate::table! {
    /// A browsable category of content.
    ContentCategory => content_categories,
    filter ContentCategoryFilter {
        id: UuidFilter => Id,
        slug: StringFilter => Slug,
        name: StringFilter => Name,
        description: StringFilter => Description,
        sort_order: IntFilter => SortOrder,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order ContentCategoryOrder / ContentCategoryOrderField {
        CreatedAt => CreatedAt,
        SortOrder => SortOrder,
        Name => Name,
        Slug => Slug,
    } default CreatedAt,
}

crate::relations! {
    ContentCategory {
        to_one {
        }
        to_many {
            /// The content items pointing at this row.
            content_items: ContentItem = content_items::Column::CategoryId,
            /// The trending content pointing at this row.
            trending_content: TrendingContent = trending_content::Column::CategoryId,
            /// The trending keywords pointing at this row.
            trending_keywords: TrendingKeyword = trending_keywords::Column::CategoryId,
        }
    }
}

crate::table! {
    /// A search engine content can be submitted to.
    SearchEngine => search_engines,
    filter SearchEngineFilter {
        id: UuidFilter => Id,
        slug: StringFilter => Slug,
        name: StringFilter => Name,
        submission_url: StringFilter => SubmissionUrl,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order SearchEngineOrder / SearchEngineOrderField {
        CreatedAt => CreatedAt,
        Name => Name,
        Slug => Slug,
    } default CreatedAt,
}

crate::relations! {
    SearchEngine {
        to_one {
        }
        to_many {
            /// The seo connections pointing at this row.
            seo_connections: SeoConnection = seo_connections::Column::SearchEngineId,
        }
    }
}

crate::table! {
    /// An OAuth connection to a platform; the token lives in a vault, named here.
    PlatformOAuthConnection => platform_connections,
    filter PlatformOAuthConnectionFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        platform_id: UuidFilter => PlatformId,
        platform_user_id: StringFilter => PlatformUserId,
        vault_secret_name: StringFilter => VaultSecretName,
        expires_at: DateTimeFilter => ExpiresAt,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order PlatformOAuthConnectionOrder / PlatformOAuthConnectionOrderField {
        CreatedAt => CreatedAt,
    } default CreatedAt,
}

crate::relations! {
    PlatformOAuthConnection {
        to_one {
            /// Profile that owns the connection.
            profile: Profile = user_id,
            /// Platform connected to.
            platform: Platform = platform_id,
        }
        to_many {
            /// The social accounts pointing at this row.
            social_accounts: SocialAccount = social_accounts::Column::ConnectionId,
        }
    }
}

crate::table! {
    /// A creator's account on one platform; cannot be deleted while it has content.
    SocialAccount => social_accounts,
    filter SocialAccountFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        platform_id: UuidFilter => PlatformId,
        connection_id: UuidFilter => ConnectionId,
        status_id: UuidFilter => StatusId,
        handle: StringFilter => Handle,
        display_name: StringFilter => DisplayName,
        profile_url: StringFilter => ProfileUrl,
        followers_count: BigIntFilter => FollowersCount,
        last_synced_at: DateTimeFilter => LastSyncedAt,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order SocialAccountOrder / SocialAccountOrderField {
        CreatedAt => CreatedAt,
        Handle => Handle,
        FollowersCount => FollowersCount,
    } default CreatedAt,
}

crate::relations! {
    SocialAccount {
        to_one {
            /// Profile that owns the account.
            profile: Profile = user_id,
            /// Platform of the account.
            platform: Platform = platform_id,
            /// Connection used to sync it.
            connection: PlatformOAuthConnection = connection_id,
            /// Current state.
            status: AccountStatus = status_id,
        }
        to_many {
            /// The content items pointing at this row.
            content_items: ContentItem = content_items::Column::SocialAccountId,
        }
    }
}

crate::table! {
    /// Synced content; public when its visibility is public, owner-only otherwise.
    ContentItem => content_items,
    filter ContentItemFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        social_account_id: UuidFilter => SocialAccountId,
        content_type_id: UuidFilter => ContentTypeId,
        category_id: UuidFilter => CategoryId,
        platform_content_id: StringFilter => PlatformContentId,
        title: StringFilter => Title,
        description: StringFilter => Description,
        url: StringFilter => Url,
        thumbnail_url: StringFilter => ThumbnailUrl,
        visibility: EnumFilter<entity::content::ContentVisibility> => Visibility,
        views_count: BigIntFilter => ViewsCount,
        likes_count: BigIntFilter => LikesCount,
        total_clicks: BigIntFilter => TotalClicks,
        published_at: DateTimeFilter => PublishedAt,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order ContentItemOrder / ContentItemOrderField {
        CreatedAt => CreatedAt,
        PublishedAt => PublishedAt,
        TotalClicks => TotalClicks,
        ViewsCount => ViewsCount,
        Title => Title,
    } default CreatedAt,
}

crate::relations! {
    ContentItem {
        to_one {
            /// Profile that owns the content.
            profile: Profile = user_id,
            /// Account it was synced from.
            social_account: SocialAccount = social_account_id,
            /// Kind of content.
            content_type: ContentType = content_type_id,
            /// Category, if assigned.
            category: ContentCategory = category_id,
        }
        to_many {
            /// The content revisions pointing at this row.
            content_revisions: ContentRevision = content_revisions::Column::ContentItemId,
            /// The content tags pointing at this row.
            content_tags: ContentTag = content_tags::Column::ContentItemId,
            /// The content media pointing at this row.
            content_media: ContentMedia = content_media::Column::ContentItemId,
            /// The content clicks pointing at this row.
            content_clicks: ContentClick = content_clicks::Column::ContentItemId,
            /// The trending content pointing at this row.
            trending_content: TrendingContent = trending_content::Column::ContentItemId,
            /// The seo submissions pointing at this row.
            seo_submissions: SeoSubmission = seo_submissions::Column::ContentItemId,
        }
    }
}

crate::table! {
    /// An earlier version of a content item's text, kept by trigger on every edit.
    ContentRevision => content_revisions,
    filter ContentRevisionFilter {
        id: UuidFilter => Id,
        content_item_id: UuidFilter => ContentItemId,
        revision_number: IntFilter => RevisionNumber,
        title: StringFilter => Title,
        description: StringFilter => Description,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order ContentRevisionOrder / ContentRevisionOrderField {
        CreatedAt => CreatedAt,
        RevisionNumber => RevisionNumber,
    } default CreatedAt,
}

crate::relations! {
    ContentRevision {
        to_one {
            /// The content item.
            content_item: ContentItem = content_item_id,
        }
        to_many {
        }
    }
}

crate::table! {
    /// A tag of a content item.
    ContentTag => content_tags,
    filter ContentTagFilter {
        id: UuidFilter => Id,
        content_item_id: UuidFilter => ContentItemId,
        tag: StringFilter => Tag,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order ContentTagOrder / ContentTagOrderField {
        CreatedAt => CreatedAt,
        Tag => Tag,
    } default CreatedAt,
}

crate::relations! {
    ContentTag {
        to_one {
            /// The content item.
            content_item: ContentItem = content_item_id,
        }
        to_many {
        }
    }
}

crate::table! {
    /// A media file (rendition, thumbnail) of a content item.
    ContentMedia => content_media,
    filter ContentMediaFilter {
        id: UuidFilter => Id,
        content_item_id: UuidFilter => ContentItemId,
        kind: EnumFilter<entity::social::MediaKind> => Kind,
        url: StringFilter => Url,
        width: IntFilter => Width,
        height: IntFilter => Height,
        duration_seconds: IntFilter => DurationSeconds,
        sort_order: IntFilter => SortOrder,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order ContentMediaOrder / ContentMediaOrderField {
        CreatedAt => CreatedAt,
        SortOrder => SortOrder,
    } default CreatedAt,
}

crate::relations! {
    ContentMedia {
        to_one {
            /// The content item.
            content_item: ContentItem = content_item_id,
        }
        to_many {
        }
    }
}

crate::table! {
    /// One click on a content item (anonymous allowed); readable by the content's owner.
    ContentClick => content_clicks,
    filter ContentClickFilter {
        id: UuidFilter => Id,
        content_item_id: UuidFilter => ContentItemId,
        user_id: UuidFilter => UserId,
        client_key: StringFilter => ClientKey,
        referrer: StringFilter => Referrer,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order ContentClickOrder / ContentClickOrderField {
        CreatedAt => CreatedAt,
    } default CreatedAt,
}

crate::relations! {
    ContentClick {
        to_one {
            /// The content clicked.
            content_item: ContentItem = content_item_id,
            /// Who clicked, when signed in.
            profile: Profile = user_id,
        }
        to_many {
        }
    }
}

crate::table! {
    /// Public content ranked by `calculate_trend_score` (seed 003).
    TrendingContent => trending_content,
    filter TrendingContentFilter {
        id: UuidFilter => Id,
        content_item_id: UuidFilter => ContentItemId,
        category_id: UuidFilter => CategoryId,
        computed_at: DateTimeFilter => ComputedAt,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order TrendingContentOrder / TrendingContentOrderField {
        CreatedAt => CreatedAt,
        TrendScore => TrendScore,
    } default TrendScore,
}

crate::relations! {
    TrendingContent {
        to_one {
            /// The content.
            content_item: ContentItem = content_item_id,
            /// Its category.
            category: ContentCategory = category_id,
        }
        to_many {
        }
    }
}

crate::table! {
    /// A creator promoted on the discovery pages.
    FeaturedCreator => featured_creators,
    filter FeaturedCreatorFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        headline: StringFilter => Headline,
        sort_order: IntFilter => SortOrder,
        featured_until: DateTimeFilter => FeaturedUntil,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order FeaturedCreatorOrder / FeaturedCreatorOrderField {
        CreatedAt => CreatedAt,
        SortOrder => SortOrder,
    } default CreatedAt,
}

crate::relations! {
    FeaturedCreator {
        to_one {
            /// The creator's profile.
            profile: Profile = user_id,
        }
        to_many {
        }
    }
}

crate::table! {
    /// A search keyword gaining popularity.
    TrendingKeyword => trending_keywords,
    filter TrendingKeywordFilter {
        id: UuidFilter => Id,
        keyword: StringFilter => Keyword,
        category_id: UuidFilter => CategoryId,
        search_count: BigIntFilter => SearchCount,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order TrendingKeywordOrder / TrendingKeywordOrderField {
        CreatedAt => CreatedAt,
        SearchCount => SearchCount,
        TrendScore => TrendScore,
        Keyword => Keyword,
    } default TrendScore,
}

crate::relations! {
    TrendingKeyword {
        to_one {
            /// Category it trends in.
            category: ContentCategory = category_id,
        }
        to_many {
        }
    }
}

crate::table! {
    /// A site verified with a search engine; credentials by vault reference only.
    SeoConnection => seo_connections,
    filter SeoConnectionFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        search_engine_id: UuidFilter => SearchEngineId,
        site_url: StringFilter => SiteUrl,
        vault_secret_name: StringFilter => VaultSecretName,
        verified_at: DateTimeFilter => VerifiedAt,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order SeoConnectionOrder / SeoConnectionOrderField {
        CreatedAt => CreatedAt,
    } default CreatedAt,
}

crate::relations! {
    SeoConnection {
        to_one {
            /// Profile that owns the connection.
            profile: Profile = user_id,
            /// The search engine.
            search_engine: SearchEngine = search_engine_id,
        }
        to_many {
            /// The seo submissions pointing at this row.
            seo_submissions: SeoSubmission = seo_submissions::Column::ConnectionId,
        }
    }
}

crate::table! {
    /// A URL submitted to a search engine and the outcome.
    SeoSubmission => seo_submissions,
    filter SeoSubmissionFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        connection_id: UuidFilter => ConnectionId,
        content_item_id: UuidFilter => ContentItemId,
        submitted_url: StringFilter => SubmittedUrl,
        status: EnumFilter<entity::content::SeoSubmissionStatus> => Status,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order SeoSubmissionOrder / SeoSubmissionOrderField {
        CreatedAt => CreatedAt,
    } default CreatedAt,
}

crate::relations! {
    SeoSubmission {
        to_one {
            /// Profile that submitted.
            profile: Profile = user_id,
            /// Connection used.
            connection: SeoConnection = connection_id,
            /// Content the URL shows.
            content_item: ContentItem = content_item_id,
        }
        to_many {
        }
    }
}

crate::table! {
    /// SEO submissions of a user in one billing period.
    SeoUsage => seo_usage,
    filter SeoUsageFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        period_start: DateTimeFilter => PeriodStart,
        submissions_count: IntFilter => SubmissionsCount,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order SeoUsageOrder / SeoUsageOrderField {
        CreatedAt => CreatedAt,
        PeriodStart => PeriodStart,
    } default CreatedAt,
}

crate::relations! {
    SeoUsage {
        to_one {
            /// The profile.
            profile: Profile = user_id,
        }
        to_many {
        }
    }
}

crate::change_feeds! {
    /// Live changes of the viewer's search-engine submissions.
    ContentChanges owned {
        /// The viewer's SEO submissions as search engines accept or refuse them. With
        /// `after`, every change since that cursor comes first.
        seo_submission_changes: SeoSubmission => SeoSubmissionChange;
    }
}

crate::root_fields! {
    /// By-id and list fields of the content tables.
    ContentQuery {
        platform, platforms: Platform;
        account_status, account_statuses: AccountStatus;
        content_type, content_types: ContentType;
        content_category, content_categories: ContentCategory;
        search_engine, search_engines: SearchEngine;
        platform_o_auth_connection, platform_connections: PlatformOAuthConnection;
        social_account, social_accounts: SocialAccount;
        content_item, content_items: ContentItem;
        content_revision, content_revisions: ContentRevision;
        content_tag, content_tags: ContentTag;
        content_media_by_id, content_media: ContentMedia;
        content_click, content_clicks: ContentClick;
        trending_content_by_id, trending_content: TrendingContent;
        featured_creator, featured_creators: FeaturedCreator;
        trending_keyword, trending_keywords: TrendingKeyword;
        seo_connection, seo_connections: SeoConnection;
        seo_submission, seo_submissions: SeoSubmission;
        seo_usage_by_id, seo_usage: SeoUsage;
    }
}

/// Clicks one client may record per minute before `trackContentClick` refuses.
pub const CLICKS_PER_MINUTE: i32 = 30;
/// Most items one `syncContent` call takes.
const MAX_SYNC_ITEMS: usize = 100;
/// Most tags on one content item.
const MAX_TAGS: usize = 30;

/// A platform account to connect; the OAuth token stays in the vault.
#[derive(Debug, InputObject)]
pub struct ConnectPlatformInput {
    /// The platform.
    pub platform_id: Uuid,
    /// The account's id on the platform.
    pub platform_user_id: String,
    /// Name of the vault entry holding the token (never the token).
    pub vault_secret_name: String,
    /// OAuth scopes granted.
    #[graphql(default)]
    pub scopes: Vec<String>,
    /// When the token expires.
    pub expires_at: Option<DateTimeWithTimeZone>,
}

/// A creator's account on a platform.
#[derive(Debug, InputObject)]
pub struct AddSocialAccountInput {
    /// The platform.
    pub platform_id: Uuid,
    /// The handle on the platform (unique per platform).
    pub handle: String,
    /// Display name.
    pub display_name: Option<String>,
    /// Profile page.
    pub profile_url: Option<String>,
    /// The connection that syncs it.
    pub connection_id: Option<Uuid>,
}

/// One item as the platform reports it; the platform's id deduplicates.
#[derive(Debug, InputObject)]
pub struct SyncContentInput {
    /// The item's id on the platform.
    pub platform_content_id: String,
    /// Kind of content.
    pub content_type_id: Uuid,
    /// Title (1 to 500 characters).
    pub title: String,
    /// Description.
    #[graphql(default)]
    pub description: String,
    /// Where it is on the platform.
    pub url: String,
    /// Preview image.
    pub thumbnail_url: Option<String>,
    /// Tags (at most 30, each 1 to 100 characters).
    #[graphql(default)]
    pub tags: Vec<String>,
    /// Views so far.
    #[graphql(default)]
    pub views_count: i64,
    /// Likes so far.
    #[graphql(default)]
    pub likes_count: i64,
    /// When it was published on the platform (default: now).
    pub published_at: Option<DateTimeWithTimeZone>,
}

/// Changes to a content item; absent fields stay. Text changes keep a revision.
#[derive(Debug, InputObject)]
pub struct UpdateContentItemInput {
    /// New title.
    pub title: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New tags.
    pub tags: Option<Vec<String>>,
    /// New category.
    pub category_id: Option<Uuid>,
    /// Who may see it.
    pub visibility: Option<ContentVisibility>,
}

/// Promotes a creator on the discovery pages (service role).
#[derive(Debug, InputObject)]
pub struct FeatureCreatorInput {
    /// The creator.
    pub user_id: Uuid,
    /// Headline shown with them.
    #[graphql(default)]
    pub headline: String,
    /// Position in the list.
    #[graphql(default)]
    pub sort_order: i32,
    /// Until when (default: until removed).
    pub featured_until: Option<DateTimeWithTimeZone>,
}

/// Seed 003's content search.
#[derive(Debug, Default)]
pub struct ContentSearchQuery;

#[Object]
impl ContentSearchQuery {
    /// Public content matching `query` (web-search syntax: words, "quoted phrases", -not),
    /// best match first: title weighs most, then tags, then description. Counts the search
    /// towards `trendingKeywords`.
    #[graphql(complexity = "crate::graphql::table::page_complexity(first, None, child_complexity)")]
    async fn search_content(
        &self,
        ctx: &Context<'_>,
        query: String,
        category_id: Option<Uuid>,
        first: Option<i32>,
    ) -> async_graphql::Result<Vec<Ranked<ContentItem>>> {
        Ok(search_content(scope(ctx)?, loader(ctx)?, &query, category_id, first).await?)
    }
}

/// Platform connections, social accounts, content sync and edits, clicks, discovery upkeep
/// and SEO submissions.
#[derive(Debug, Default)]
pub struct ContentMutation;

#[Object]
impl ContentMutation {
    /// Connects a platform account; the token is referenced by vault entry name only.
    async fn connect_platform(
        &self,
        ctx: &Context<'_>,
        input: ConnectPlatformInput,
    ) -> async_graphql::Result<PlatformOAuthConnection> {
        Ok(connect_platform(scope(ctx)?, viewer_id(ctx)?, input).await?)
    }

    /// Removes a connection; its accounts stay, unlinked.
    async fn disconnect_platform(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> async_graphql::Result<Uuid> {
        viewer_id(ctx)?;
        Ok(write::delete::<PlatformOAuthConnection>(scope(ctx)?, id).await?)
    }

    /// Adds the viewer's account on a platform, active.
    async fn add_social_account(
        &self,
        ctx: &Context<'_>,
        input: AddSocialAccountInput,
    ) -> async_graphql::Result<SocialAccount> {
        Ok(add_social_account(scope(ctx)?, viewer_id(ctx)?, input).await?)
    }

    /// Deletes an account of the viewer's; refused (CONFLICT) while it has content.
    async fn delete_social_account(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> async_graphql::Result<Uuid> {
        viewer_id(ctx)?;
        Ok(write::delete::<SocialAccount>(scope(ctx)?, id).await?)
    }

    /// Stores what a platform reports for one of the viewer's accounts: an item already
    /// synced (same account and platform id) is updated, not duplicated; the owner's
    /// category and visibility stay. Returns the items in input order.
    async fn sync_content(
        &self,
        ctx: &Context<'_>,
        social_account_id: Uuid,
        items: Vec<SyncContentInput>,
        followers_count: Option<i64>,
    ) -> async_graphql::Result<Vec<ContentItem>> {
        Ok(sync_content(
            scope(ctx)?,
            viewer_id(ctx)?,
            social_account_id,
            items,
            followers_count,
        )
        .await?)
    }

    /// Edits one of the viewer's items; a text change keeps the previous text as a
    /// revision, a tag change updates its tag rows.
    async fn update_content_item(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        input: UpdateContentItemInput,
    ) -> async_graphql::Result<ContentItem> {
        viewer_id(ctx)?;
        Ok(update_content_item(scope(ctx)?, id, input).await?)
    }

    /// Deletes one of the viewer's items.
    async fn delete_content_item(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> async_graphql::Result<Uuid> {
        viewer_id(ctx)?;
        Ok(write::delete::<ContentItem>(scope(ctx)?, id).await?)
    }

    /// Counts a click on visible content (seed 003's `increment_content_clicks`); anyone,
    /// signed in or not. At most 30 clicks a minute per client: signed-in viewers are
    /// counted by account, anonymous ones by `clientId` (a device id the app keeps);
    /// beyond that, CONFLICT on `clientId`. Returns the item with its new click count.
    async fn track_content_click(
        &self,
        ctx: &Context<'_>,
        content_item_id: Uuid,
        referrer: Option<String>,
        client_id: Option<String>,
    ) -> async_graphql::Result<ContentItem> {
        Ok(track_content_click(scope(ctx)?, content_item_id, referrer, client_id).await?)
    }

    /// Recomputes `trendingContent` from public content of the last 30 days by seed 003's
    /// `calculate_trend_score`; returns how many items it lists. Service role only.
    async fn refresh_trending_content(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        Ok(refresh_trending_content(scope(ctx)?).await?)
    }

    /// Features a creator (or updates their entry). Service role only.
    async fn feature_creator(
        &self,
        ctx: &Context<'_>,
        input: FeatureCreatorInput,
    ) -> async_graphql::Result<FeaturedCreator> {
        Ok(feature_creator(scope(ctx)?, input).await?)
    }

    /// Removes a featured creator. Service role only.
    async fn unfeature_creator(&self, ctx: &Context<'_>, id: Uuid) -> async_graphql::Result<Uuid> {
        Ok(unfeature_creator(scope(ctx)?, id).await?)
    }

    /// Verifies a site with a search engine; credentials by vault reference only.
    async fn connect_seo_site(
        &self,
        ctx: &Context<'_>,
        search_engine_id: Uuid,
        site_url: String,
        vault_secret_name: Option<String>,
    ) -> async_graphql::Result<SeoConnection> {
        Ok(connect_seo_site(
            scope(ctx)?,
            viewer_id(ctx)?,
            search_engine_id,
            site_url,
            vault_secret_name,
        )
        .await?)
    }

    /// Submits a URL through one of the viewer's SEO connections; counts against the
    /// tier's monthly `seo_submissions` quota (CONFLICT when it is used up; the free tier
    /// has none).
    async fn submit_seo_url(
        &self,
        ctx: &Context<'_>,
        connection_id: Uuid,
        url: String,
        content_item_id: Option<Uuid>,
    ) -> async_graphql::Result<SeoSubmission> {
        viewer_id(ctx)?;
        Ok(submit_seo_url(scope(ctx)?, connection_id, url, content_item_id).await?)
    }
}

/// The best public content matches of a web-search `query`, then the search counted
/// towards the trending keywords.
pub async fn search_content(
    scope: &RequestScope,
    loader: &RequestLoader,
    query: &str,
    category_id: Option<Uuid>,
    first: Option<i32>,
) -> Result<Vec<Ranked<ContentItem>>, ApiError> {
    let query = ranked::search_text(query)?;
    let matches = |sql: &'static str| Expr::cust_with_values(sql, [query]);
    let mut condition = Condition::all()
        .add(content_items::Column::Visibility.eq(ContentVisibility::Public))
        .add(matches(
            r#""content_items"."search_vector" @@ websearch_to_tsquery('english', $1)"#,
        ));
    if let Some(category) = category_id {
        condition = condition.add(content_items::Column::CategoryId.eq(category));
    }
    let score = matches(
        r#"ts_rank_cd("content_items"."search_vector", websearch_to_tsquery('english', $1))::double precision"#,
    );
    let hits = ranked::ranked::<ContentItem>(scope, loader, condition, score, first).await?;
    count_keyword(scope, query).await?;
    Ok(hits)
}

/// Counts a search towards the trending keywords: lowercase, single-spaced.
async fn count_keyword(scope: &RequestScope, query: &str) -> Result<(), ApiError> {
    let keyword = query
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    if keyword.chars().count() > 100 {
        return Ok(());
    }
    call_for_effect(
        scope,
        "SELECT public.count_search_keyword($1)",
        [keyword.into()],
    )
    .await
}

/// Stores `owner`'s connection to a platform account, keeping only the vault reference.
pub async fn connect_platform(
    scope: &RequestScope,
    owner: Uuid,
    input: ConnectPlatformInput,
) -> Result<PlatformOAuthConnection, ApiError> {
    write::check_length("platformUserId", input.platform_user_id.trim(), 1, 200)?;
    write::check_vault_reference("vaultSecretName", &input.vault_secret_name)?;
    write::check_count("scopes", &input.scopes, 50)?;
    let connection = platform_connections::ActiveModel {
        user_id: Set(owner),
        platform_id: Set(input.platform_id),
        platform_user_id: Set(input.platform_user_id),
        vault_secret_name: Set(input.vault_secret_name),
        scopes: Set(input.scopes),
        expires_at: Set(input.expires_at),
        ..Default::default()
    };
    write::insert::<PlatformOAuthConnection, _>(scope, connection).await
}

/// Adds `owner`'s account on a platform in the `active` status, ready to sync.
pub async fn add_social_account(
    scope: &RequestScope,
    owner: Uuid,
    input: AddSocialAccountInput,
) -> Result<SocialAccount, ApiError> {
    if let Some(url) = &input.profile_url {
        write::check_url("profileUrl", url)?;
    }
    let active = account_statuses::Entity::find()
        .filter(account_statuses::Column::Slug.eq("active"))
        .one(&*scope.conn().await?)
        .await
        .map_err(ApiError::from)?
        .ok_or_else(write::not_found::<AccountStatus>)?;
    let account = social_accounts::ActiveModel {
        user_id: Set(owner),
        platform_id: Set(input.platform_id),
        connection_id: Set(input.connection_id),
        status_id: Set(active.id),
        handle: Set(input.handle.trim().to_owned()),
        display_name: Set(input.display_name),
        profile_url: Set(input.profile_url),
        ..Default::default()
    };
    write::insert::<SocialAccount, _>(scope, account).await
}

/// Brings `owner`'s account up to date with what its platform reports, counted against
/// the monthly sync quota; the synced items in input order.
pub async fn sync_content(
    scope: &RequestScope,
    owner: Uuid,
    social_account_id: Uuid,
    items: Vec<SyncContentInput>,
    followers_count: Option<i64>,
) -> Result<Vec<ContentItem>, ApiError> {
    write::check_count("items", &items, MAX_SYNC_ITEMS)?;
    write::find::<SocialAccount>(scope, social_account_id).await?;
    count_sync(scope, owner).await?;
    let mut synced = Vec::with_capacity(items.len());
    for item in items {
        synced.push(sync_item(scope, owner, social_account_id, item).await?);
    }
    let mut account = social_accounts::ActiveModel {
        id: Unchanged(social_account_id),
        last_synced_at: Set(Some(chrono::Utc::now().fixed_offset())),
        ..Default::default()
    };
    if let Some(followers) = followers_count {
        account.followers_count = Set(followers);
    }
    write::update::<SocialAccount, _>(scope, account).await?;
    Ok(synced)
}

/// Applies an owner's edits to a content item; RLS lets only the owner through.
pub async fn update_content_item(
    scope: &RequestScope,
    id: Uuid,
    input: UpdateContentItemInput,
) -> Result<ContentItem, ApiError> {
    let mut item = content_items::ActiveModel {
        id: Unchanged(id),
        ..Default::default()
    };
    if let Some(title) = input.title {
        item.title = Set(title);
    }
    if let Some(description) = input.description {
        write::check_length("description", &description, 0, 10_000)?;
        item.description = Set(description);
    }
    if let Some(tags) = input.tags {
        item.tags = Set(clean_tags(tags)?);
    }
    if let Some(category) = input.category_id {
        item.category_id = Set(Some(category));
    }
    if let Some(visibility) = input.visibility {
        item.visibility = Set(visibility);
    }
    write::update_or_read::<ContentItem, _>(scope, id, item).await
}

/// Counts a click on content the viewer may see, rate-limited per client; the item with
/// its new click count.
pub async fn track_content_click(
    scope: &RequestScope,
    content_item_id: Uuid,
    referrer: Option<String>,
    client_id: Option<String>,
) -> Result<ContentItem, ApiError> {
    if let Some(client) = &client_id {
        write::check_length("clientId", client, 1, 200)?;
    }
    write::find::<ContentItem>(scope, content_item_id).await?;
    let client = client_key(scope.viewer().user_id, client_id.as_deref());
    call_for_effect(
        scope,
        "SELECT public.track_content_click($1, $2, $3, $4)",
        [
            content_item_id.into(),
            client.into(),
            referrer.into(),
            CLICKS_PER_MINUTE.into(),
        ],
    )
    .await?;
    Ok(ContentItem::from_model(
        write::find::<ContentItem>(scope, content_item_id).await?,
    ))
}

/// Recomputes the trending list (service role only); how many items it now lists.
pub async fn refresh_trending_content(scope: &RequestScope) -> Result<i32, ApiError> {
    require_service(scope)?;
    let kept = call_value::<i32>(
        scope,
        "SELECT public.refresh_trending_content() AS value",
        [],
    )
    .await?;
    Ok(kept.unwrap_or_default())
}

/// Features a creator on the discovery pages, or updates their entry (service role only).
pub async fn feature_creator(
    scope: &RequestScope,
    input: FeatureCreatorInput,
) -> Result<FeaturedCreator, ApiError> {
    require_service(scope)?;
    write::check_length("headline", &input.headline, 0, 200)?;
    let featured = featured_creators::ActiveModel {
        user_id: Set(input.user_id),
        headline: Set(input.headline),
        sort_order: Set(input.sort_order),
        featured_until: Set(input.featured_until),
        ..Default::default()
    };
    let row = featured_creators::Entity::insert(featured)
        .on_conflict(
            OnConflict::column(featured_creators::Column::UserId)
                .update_columns([
                    featured_creators::Column::Headline,
                    featured_creators::Column::SortOrder,
                    featured_creators::Column::FeaturedUntil,
                ])
                .to_owned(),
        )
        .exec_with_returning(&*scope.conn().await?)
        .await
        .map_err(ApiError::from)?;
    Ok(FeaturedCreator::from_model(row))
}

/// Takes a creator off the discovery pages (service role only).
pub async fn unfeature_creator(scope: &RequestScope, id: Uuid) -> Result<Uuid, ApiError> {
    require_service(scope)?;
    write::delete::<FeaturedCreator>(scope, id).await
}

/// Stores `owner`'s site verified with a search engine, credentials by vault reference.
pub async fn connect_seo_site(
    scope: &RequestScope,
    owner: Uuid,
    search_engine_id: Uuid,
    site_url: String,
    vault_secret_name: Option<String>,
) -> Result<SeoConnection, ApiError> {
    write::check_url("siteUrl", &site_url)?;
    if let Some(name) = &vault_secret_name {
        write::check_vault_reference("vaultSecretName", name)?;
    }
    let connection = seo_connections::ActiveModel {
        user_id: Set(owner),
        search_engine_id: Set(search_engine_id),
        site_url: Set(site_url),
        vault_secret_name: Set(vault_secret_name),
        ..Default::default()
    };
    write::insert::<SeoConnection, _>(scope, connection).await
}

/// Submits a URL through an SEO connection the viewer may see, counted against the plan's
/// monthly quota by the database.
pub async fn submit_seo_url(
    scope: &RequestScope,
    connection_id: Uuid,
    url: String,
    content_item_id: Option<Uuid>,
) -> Result<SeoSubmission, ApiError> {
    write::check_url("url", &url)?;
    write::find::<SeoConnection>(scope, connection_id).await?;
    let row = call_row::<seo_submissions::Entity>(
        scope,
        "SELECT * FROM public.submit_seo_url($1, $2, $3)",
        [connection_id.into(), url.into(), content_item_id.into()],
    )
    .await?
    .ok_or_else(write::not_found::<SeoSubmission>)?;
    Ok(SeoSubmission::from_model(row))
}

/// Refuses anyone but the service role.
fn require_service(scope: &RequestScope) -> Result<(), ApiError> {
    if scope.viewer().role == Role::ServiceRole {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "only the service role may do this".into(),
        ))
    }
}

/// Trims tags, drops empty and repeated ones, and checks the rest.
fn clean_tags(tags: Vec<String>) -> Result<Vec<String>, ApiError> {
    let mut clean: Vec<String> = Vec::with_capacity(tags.len());
    for tag in tags {
        let tag = tag.trim().to_owned();
        if !tag.is_empty() && !clean.contains(&tag) {
            clean.push(tag);
        }
    }
    write::check_count("tags", &clean, MAX_TAGS)?;
    Ok(clean)
}

/// The rate-limit key of a click: a hash, so the stored key never reveals who clicked.
fn client_key(viewer: Option<Uuid>, client_id: Option<&str>) -> String {
    let source = match (viewer, client_id) {
        (Some(user), _) => format!("user:{user}"),
        (None, Some(client)) => format!("client:{client}"),
        (None, None) => "anonymous".to_owned(),
    };
    format!("{:x}", Sha256::digest(source.as_bytes()))
}

/// Counts one sync against the viewer's monthly `syncs` quota (seed 003: free 10, pro 100,
/// team 500); refused once the plan's quota is used up. A sync that fails later gives its
/// unit back with the rest of its request.
async fn count_sync(scope: &RequestScope, owner: Uuid) -> Result<(), ApiError> {
    let counted = call_value::<bool>(
        scope,
        "SELECT EXISTS (SELECT 1 FROM public.increment_quota($1, 'syncs', 1)) AS value",
        [owner.into()],
    )
    .await?;
    if counted == Some(true) {
        return Ok(());
    }
    Err(ApiError::Conflict {
        field: "socialAccountId".into(),
        message: "your plan's monthly sync quota is used up: upgrade or wait for next month".into(),
    })
}

/// Inserts or refreshes one synced item (deduplicated by account and platform id).
async fn sync_item(
    scope: &RequestScope,
    owner: Uuid,
    account: Uuid,
    item: SyncContentInput,
) -> Result<ContentItem, ApiError> {
    write::check_length("platformContentId", item.platform_content_id.trim(), 1, 200)?;
    write::check_length("description", &item.description, 0, 10_000)?;
    write::check_url("url", &item.url)?;
    if let Some(thumbnail) = &item.thumbnail_url {
        write::check_url("thumbnailUrl", thumbnail)?;
    }
    if item.views_count < 0 || item.likes_count < 0 {
        return Err(ApiError::bad_input(
            "viewsCount",
            "view and like counts cannot be negative",
        ));
    }
    let row = content_items::ActiveModel {
        user_id: Set(owner),
        social_account_id: Set(account),
        content_type_id: Set(item.content_type_id),
        platform_content_id: Set(item.platform_content_id),
        title: Set(item.title),
        description: Set(item.description),
        url: Set(item.url),
        thumbnail_url: Set(item.thumbnail_url),
        tags: Set(clean_tags(item.tags)?),
        views_count: Set(item.views_count),
        likes_count: Set(item.likes_count),
        published_at: Set(item
            .published_at
            .unwrap_or_else(|| chrono::Utc::now().fixed_offset())),
        ..Default::default()
    };
    let model = content_items::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                content_items::Column::SocialAccountId,
                content_items::Column::PlatformContentId,
            ])
            .update_columns([
                content_items::Column::Title,
                content_items::Column::Description,
                content_items::Column::Url,
                content_items::Column::ThumbnailUrl,
                content_items::Column::Tags,
                content_items::Column::ViewsCount,
                content_items::Column::LikesCount,
            ])
            .to_owned(),
        )
        .exec_with_returning(&*scope.conn().await?)
        .await
        .map_err(ApiError::from)?;
    Ok(ContentItem::from_model(model))
}
