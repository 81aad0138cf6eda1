//! Content and discovery (seed 003 StreamVibe): platforms and connected accounts, synced
//! content with full-text search, revisions, categories, tags, media and clicks, trending
//! lists, featured creators and SEO. Platform tokens are never stored: connections keep a
//! vault reference.
//!
//! Content enters through `syncContent` (an upsert keyed by account and platform id) and
//! owner edits; triggers keep revisions, tag rows and click counts. Clicks, SEO submissions
//! and keyword counting go through the SQL functions of migrations 000014 and 000019, which
//! enforce the rate limit and the plan's quota inside the request's transaction.

mod api;
mod operations;

pub use api::*;
pub use operations::*;

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

use switchyard_community::identity::Profile;
use switchyard_core::auth::Role;
use switchyard_core::db::RequestScope;
use switchyard_core::graphql::error::ApiError;
use switchyard_core::graphql::filter::{
    BigIntFilter, BoolFilter, DateTimeFilter, EnumFilter, IntFilter, StringFilter, UuidFilter,
};
use switchyard_core::graphql::loaders::RequestLoader;
use switchyard_core::graphql::ranked::{self, Ranked, RankedNode};
use switchyard_core::graphql::resolve::{
    call_for_effect, call_row, call_value, loader, scope, viewer_id,
};
use switchyard_core::graphql::table::Table;
use switchyard_core::graphql::write;

switchyard_core::table! {
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

switchyard_core::relations! {
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

switchyard_core::table! {
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

switchyard_core::relations! {
    AccountStatus {
        to_one {
        }
        to_many {
            /// The social accounts pointing at this row.
            social_accounts: SocialAccount = social_accounts::Column::StatusId,
        }
    }
}

switchyard_core::table! {
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

switchyard_core::relations! {
    ContentType {
        to_one {
        }
        to_many {
            /// The content items pointing at this row.
            content_items: ContentItem = content_items::Column::ContentTypeId,
        }
    }
}

switchyard_core::table! {
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

switchyard_core::relations! {
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

switchyard_core::table! {
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

switchyard_core::relations! {
    SearchEngine {
        to_one {
        }
        to_many {
            /// The seo connections pointing at this row.
            seo_connections: SeoConnection = seo_connections::Column::SearchEngineId,
        }
    }
}

switchyard_core::table! {
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

switchyard_core::relations! {
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

switchyard_core::table! {
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

switchyard_core::relations! {
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

switchyard_core::table! {
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

impl RankedNode for ContentItem {
    const HIT_NAME: &'static str = "ContentSearchHit";
}

switchyard_core::relations! {
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

switchyard_core::table! {
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

switchyard_core::relations! {
    ContentRevision {
        to_one {
            /// The content item.
            content_item: ContentItem = content_item_id,
        }
        to_many {
        }
    }
}

switchyard_core::table! {
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

switchyard_core::relations! {
    ContentTag {
        to_one {
            /// The content item.
            content_item: ContentItem = content_item_id,
        }
        to_many {
        }
    }
}

switchyard_core::table! {
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

switchyard_core::relations! {
    ContentMedia {
        to_one {
            /// The content item.
            content_item: ContentItem = content_item_id,
        }
        to_many {
        }
    }
}

switchyard_core::table! {
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

switchyard_core::relations! {
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

switchyard_core::table! {
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

switchyard_core::relations! {
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

switchyard_core::table! {
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

switchyard_core::relations! {
    FeaturedCreator {
        to_one {
            /// The creator's profile.
            profile: Profile = user_id,
        }
        to_many {
        }
    }
}

switchyard_core::table! {
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

switchyard_core::relations! {
    TrendingKeyword {
        to_one {
            /// Category it trends in.
            category: ContentCategory = category_id,
        }
        to_many {
        }
    }
}

switchyard_core::table! {
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

switchyard_core::relations! {
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

switchyard_core::table! {
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

switchyard_core::relations! {
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

switchyard_core::table! {
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

switchyard_core::relations! {
    SeoUsage {
        to_one {
            /// The profile.
            profile: Profile = user_id,
        }
        to_many {
        }
    }
}

switchyard_core::change_feeds! {
    /// Live changes of the viewer's search-engine submissions.
    ContentChanges owned {
        /// The viewer's SEO submissions as search engines accept or refuse them. With
        /// `after`, every change since that cursor comes first.
        seo_submission_changes: SeoSubmission => SeoSubmissionChange;
    }
}

switchyard_core::root_fields! {
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
