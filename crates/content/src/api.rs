//! The content API: the resolvers, each parsing its arguments and calling one operation,
//! and the input and output types they take and give.

use super::*;

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
    #[graphql(
        complexity = "switchyard_core::graphql::table::page_complexity(first, None, child_complexity)"
    )]
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
