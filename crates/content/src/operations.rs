//! The content operations: what each resolver asks for, done as the request's viewer
//! through its scope.

use super::*;

/// Clicks one client may record per minute before `trackContentClick` refuses.
pub const CLICKS_PER_MINUTE: i32 = 30;

/// Most items one `syncContent` call takes.
pub(super) const MAX_SYNC_ITEMS: usize = 100;

/// Most tags on one content item.
pub(super) const MAX_TAGS: usize = 30;

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
pub(super) async fn count_keyword(scope: &RequestScope, query: &str) -> Result<(), ApiError> {
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
    let row = call_row::<seo_submissions::Model>(
        scope,
        "SELECT * FROM public.submit_seo_url($1, $2, $3)",
        [connection_id.into(), url.into(), content_item_id.into()],
    )
    .await?
    .ok_or_else(write::not_found::<SeoSubmission>)?;
    Ok(SeoSubmission::from_model(row))
}

/// Refuses anyone but the service role.
pub(super) fn require_service(scope: &RequestScope) -> Result<(), ApiError> {
    if scope.viewer().role == Role::ServiceRole {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "only the service role may do this".into(),
        ))
    }
}

/// Trims tags, drops empty and repeated ones, and checks the rest.
pub(super) fn clean_tags(tags: Vec<String>) -> Result<Vec<String>, ApiError> {
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
pub(super) fn client_key(viewer: Option<Uuid>, client_id: Option<&str>) -> String {
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
pub(super) async fn count_sync(scope: &RequestScope, owner: Uuid) -> Result<(), ApiError> {
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
pub(super) async fn sync_item(
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
