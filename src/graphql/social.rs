//! Social: posts, creations, threaded comments, likes, follows and media, plus the
//! following feed and creation search of seed 004.

use async_graphql::{Context, InputObject, Object, SimpleObject};
use entity::social::{
    CreationStatus, CreationType, PostVisibility, comments, creations, follows, likes,
    media_assets, posts,
};
use sea_orm::ActiveValue::{Set, Unchanged};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, QueryFilter,
    Statement,
};
use uuid::Uuid;

use crate::db::RequestScope;

use crate::graphql::error::ApiError;
use crate::graphql::filter::{
    BigIntFilter, BoolFilter, DateTimeFilter, EnumFilter, IntFilter, StringFilter, UuidFilter,
    contains_pattern,
};
use crate::graphql::identity::Profile;
use crate::graphql::plan::Answer;
use crate::graphql::resolve::{list, scope, viewer_id};
use crate::graphql::table::{PageArgs, Table, TableConnection};
use crate::graphql::write;

crate::table! {
    /// A post on its author's wall: public, for followers, or private.
    Post => posts,
    filter PostFilter {
        id: UuidFilter => Id,
        author_id: UuidFilter => AuthorId,
        body: StringFilter => Body,
        visibility: EnumFilter<entity::social::PostVisibility> => Visibility,
        likes_count: IntFilter => LikesCount,
        comments_count: IntFilter => CommentsCount,
        created_at: DateTimeFilter => CreatedAt,
    },
    order PostOrder / PostOrderField {
        CreatedAt => CreatedAt,
        LikesCount => LikesCount,
        CommentsCount => CommentsCount,
    } default CreatedAt,
}

crate::relations! {
    Post {
        to_one {
            /// Who wrote it.
            author: Profile = author_id,
        }
        to_many {
            /// Comments on the post (replies included; filter `parentCommentId: {isNull: true}`
            /// for top-level ones).
            comments: Comment = comments::Column::PostId,
            /// Likes of the post.
            likes: Like = likes::Column::PostId,
        }
    }
}

crate::table! {
    /// An AI-assisted creation (seed 004): public when published and public, otherwise its
    /// creator's alone.
    Creation => creations,
    filter CreationFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        title: StringFilter => Title,
        r#type: EnumFilter<entity::social::CreationType> => Type,
        status: EnumFilter<entity::social::CreationStatus> => Status,
        is_public: BoolFilter => IsPublic,
        is_featured: BoolFilter => IsFeatured,
        likes_count: IntFilter => LikesCount,
        views_count: IntFilter => ViewsCount,
        created_at: DateTimeFilter => CreatedAt,
        published_at: DateTimeFilter => PublishedAt,
    },
    order CreationOrder / CreationOrderField {
        CreatedAt => CreatedAt,
        LikesCount => LikesCount,
        ViewsCount => ViewsCount,
        Title => Title,
    } default CreatedAt,
}

crate::relations! {
    Creation {
        to_one {
            /// Who made it.
            creator: Profile = user_id,
        }
        to_many {
            /// Comments on the creation.
            comments: Comment = comments::Column::CreationId,
            /// Likes of the creation.
            likes: Like = likes::Column::CreationId,
        }
    }
}

crate::table! {
    /// A comment on a post or a creation, possibly replying to another comment.
    Comment => comments,
    filter CommentFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        post_id: UuidFilter => PostId,
        creation_id: UuidFilter => CreationId,
        parent_comment_id: UuidFilter => ParentCommentId,
        content: StringFilter => Content,
        created_at: DateTimeFilter => CreatedAt,
    },
    order CommentOrder / CommentOrderField {
        CreatedAt => CreatedAt,
        LikesCount => LikesCount,
    } default CreatedAt,
}

crate::relations! {
    Comment {
        to_one {
            /// Who wrote it.
            author: Profile = user_id,
            /// The post it is on, if any.
            post: Post = post_id,
            /// The creation it is on, if any.
            creation: Creation = creation_id,
            /// The comment it replies to, if any.
            parent_comment: Comment = parent_comment_id,
        }
        to_many {
            /// Replies to this comment.
            replies: Comment = comments::Column::ParentCommentId,
            /// Likes of this comment.
            likes: Like = likes::Column::CommentId,
        }
    }
}

crate::table! {
    /// A like of exactly one post, creation or comment.
    Like => likes,
    filter LikeFilter {
        user_id: UuidFilter => UserId,
        post_id: UuidFilter => PostId,
        creation_id: UuidFilter => CreationId,
        comment_id: UuidFilter => CommentId,
        created_at: DateTimeFilter => CreatedAt,
    },
    order LikeOrder / LikeOrderField { CreatedAt => CreatedAt } default CreatedAt,
}

crate::relations! {
    Like {
        to_one {
            /// Who liked.
            user: Profile = user_id,
            /// The liked post, if a post.
            post: Post = post_id,
            /// The liked creation, if a creation.
            creation: Creation = creation_id,
            /// The liked comment, if a comment.
            comment: Comment = comment_id,
        }
        to_many {}
    }
}

crate::table! {
    /// One person following another. Public.
    Follow => follows,
    filter FollowFilter {
        follower_id: UuidFilter => FollowerId,
        following_id: UuidFilter => FollowingId,
        created_at: DateTimeFilter => CreatedAt,
    },
    order FollowOrder / FollowOrderField { CreatedAt => CreatedAt } default CreatedAt,
}

crate::relations! {
    Follow {
        to_one {
            /// Who follows.
            follower: Profile = follower_id,
            /// Who is followed.
            followed: Profile = following_id,
        }
        to_many {}
    }
}

crate::table! {
    /// An uploaded file of its owner's.
    MediaAsset => media_assets,
    filter MediaAssetFilter {
        user_id: UuidFilter => UserId,
        kind: EnumFilter<entity::social::MediaKind> => Kind,
        mime_type: StringFilter => MimeType,
        size_bytes: BigIntFilter => SizeBytes,
        created_at: DateTimeFilter => CreatedAt,
    },
    order MediaAssetOrder / MediaAssetOrderField {
        CreatedAt => CreatedAt,
        SizeBytes => SizeBytes,
    } default CreatedAt,
}

crate::relations! {
    MediaAsset {
        to_one {
            /// Whose file it is.
            owner: Profile = user_id,
        }
        to_many {}
    }
}

crate::change_feeds! {
    /// Live changes of the viewer's uploads.
    SocialChanges owned {
        /// The viewer's media assets as they are uploaded, processed and removed. With
        /// `after`, every change since that cursor comes first.
        media_asset_changes: MediaAsset => MediaAssetChange;
    }
}

crate::root_fields! {
    /// By-id and list fields of the social tables.
    SocialQuery {
        post, posts: Post;
        creation, creations: Creation;
        comment, comments: Comment;
        like, likes: Like;
        follow, follows: Follow;
        media_asset, media_assets: MediaAsset;
    }
}

/// Longest search text accepted.
const MAX_SEARCH_LENGTH: usize = 200;

/// Published, public creations: what the feed and search show.
fn published_creations() -> Condition {
    Condition::all()
        .add(creations::Column::IsPublic.eq(true))
        .add(creations::Column::Status.eq(entity::social::CreationStatus::Published))
}

/// Published creations of the people `viewer` follows.
fn followed_creations(viewer: Uuid) -> Condition {
    let followed = Query::select()
        .column(follows::Column::FollowingId)
        .from(follows::Entity)
        .and_where(Expr::col(follows::Column::FollowerId).eq(viewer))
        .to_owned();
    published_creations().add(creations::Column::UserId.in_subquery(followed))
}

/// Published creations (of `kind`, when given) whose title or description contains `query`,
/// ignoring case, or whose tags include it.
fn matching_creations(
    query: &str,
    kind: Option<entity::social::CreationType>,
) -> Result<Condition, ApiError> {
    let query = query.trim();
    if query.is_empty() || query.chars().count() > MAX_SEARCH_LENGTH {
        return Err(ApiError::bad_input(
            "query",
            format!("search text must be 1 to {MAX_SEARCH_LENGTH} characters"),
        ));
    }
    let pattern = contains_pattern(query);
    let matching = published_creations().add(
        Condition::any()
            .add(creations::Column::Title.ilike(pattern.clone()))
            .add(creations::Column::Description.ilike(pattern))
            .add(Expr::cust_with_values(
                r#"$1 = ANY("creations"."tags")"#,
                [query],
            )),
    );
    Ok(match kind {
        Some(kind) => matching.add(creations::Column::Type.eq(kind)),
        None => matching,
    })
}

/// Seed 004's `get_user_feed` and `search_creations`.
#[derive(Debug, Default)]
pub struct DiscoveryQuery;

#[Object]
impl DiscoveryQuery {
    /// Published creations of the people the viewer follows, newest first (seed 004's
    /// `get_user_feed`). Needs a signed-in viewer.
    #[graphql(complexity = "crate::graphql::table::page_complexity(first, None, child_complexity)")]
    async fn feed(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        filter: Option<CreationFilter>,
    ) -> async_graphql::Result<Answer<TableConnection<Creation>>> {
        let viewer = scope(ctx)?.viewer().user_id.ok_or_else(|| {
            ApiError::Unauthenticated("sign in to see the people you follow".into())
        })?;
        let base = followed_creations(viewer);
        let page = PageArgs {
            first,
            after,
            ..PageArgs::default()
        };
        Ok(list::<Creation>(ctx, base, filter, None, page).await?)
    }

    /// Published creations whose title or description contains `query` (ignoring case) or
    /// whose tags include it (seed 004's `search_creations`), newest first.
    #[graphql(complexity = "crate::graphql::table::page_complexity(first, None, child_complexity)")]
    async fn search_creations(
        &self,
        ctx: &Context<'_>,
        query: String,
        r#type: Option<entity::social::CreationType>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Answer<TableConnection<Creation>>> {
        let base = matching_creations(&query, r#type)?;
        let page = PageArgs {
            first,
            after,
            ..PageArgs::default()
        };
        Ok(list::<Creation>(ctx, base, None, None, page).await?)
    }
}

/// A new post.
#[derive(Debug, InputObject)]
pub struct CreatePostInput {
    /// The text (at most 10000 characters; may be empty when media is attached).
    #[graphql(default)]
    pub body: String,
    /// Attached media URLs (at most 20).
    #[graphql(default)]
    pub media_urls: Vec<String>,
    /// Who may read it (default: public).
    #[graphql(default_with = "PostVisibility::Public")]
    pub visibility: PostVisibility,
}

/// Changes to a post; absent fields stay as they are.
#[derive(Debug, InputObject)]
pub struct UpdatePostInput {
    /// New text.
    pub body: Option<String>,
    /// New media URLs.
    pub media_urls: Option<Vec<String>>,
    /// New audience.
    pub visibility: Option<PostVisibility>,
}

/// A new comment: on a post or a creation, or a reply to a comment (whose target it takes).
#[derive(Debug, InputObject)]
pub struct AddCommentInput {
    /// The post commented on.
    pub post_id: Option<Uuid>,
    /// The creation commented on.
    pub creation_id: Option<Uuid>,
    /// The comment replied to.
    pub parent_comment_id: Option<Uuid>,
    /// The text (1 to 5000 characters).
    pub content: String,
}

/// What a like points at: exactly one of these.
#[derive(Debug, InputObject)]
pub struct LikeTarget {
    /// A post.
    pub post_id: Option<Uuid>,
    /// A creation.
    pub creation_id: Option<Uuid>,
    /// A comment.
    pub comment_id: Option<Uuid>,
}

/// The state of a like after `toggleLike`.
#[derive(Debug, SimpleObject)]
pub struct LikeState {
    /// Whether the viewer now likes the target.
    pub liked: bool,
    /// The target's like count after the change.
    pub likes_count: i32,
}

/// A new creation (seed 004), created as a draft unless published later.
#[derive(Debug, InputObject)]
pub struct CreateCreationInput {
    /// The title (1 to 200 characters).
    pub title: String,
    /// A description.
    pub description: Option<String>,
    /// What kind of work it is.
    pub r#type: CreationType,
    /// Where the file lives.
    pub file_url: Option<String>,
    /// A preview image.
    pub thumbnail_url: Option<String>,
    /// The prompt used to generate it.
    pub prompt: Option<String>,
    /// The AI tool used.
    pub ai_tool: Option<String>,
    /// Search tags (at most 30).
    #[graphql(default)]
    pub tags: Vec<String>,
    /// Whether it is public once published (default true).
    #[graphql(default = true)]
    pub is_public: bool,
}

/// Changes to a creation; absent fields stay as they are.
#[derive(Debug, InputObject)]
pub struct UpdateCreationInput {
    /// New title.
    pub title: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New tags.
    pub tags: Option<Vec<String>>,
    /// Public once published, or not.
    pub is_public: Option<bool>,
}

/// Posts, comments, likes, follows and creations.
#[derive(Debug, Default)]
pub struct SocialMutation;

#[Object]
impl SocialMutation {
    /// Writes a post as the viewer.
    async fn create_post(
        &self,
        ctx: &Context<'_>,
        input: CreatePostInput,
    ) -> async_graphql::Result<Post> {
        Ok(create_post(scope(ctx)?, viewer_id(ctx)?, input).await?)
    }

    /// Edits one of the viewer's posts.
    async fn update_post(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        input: UpdatePostInput,
    ) -> async_graphql::Result<Post> {
        viewer_id(ctx)?;
        Ok(update_post(scope(ctx)?, id, input).await?)
    }

    /// Deletes one of the viewer's posts (with its comments and likes); returns its id.
    async fn delete_post(&self, ctx: &Context<'_>, id: Uuid) -> async_graphql::Result<Uuid> {
        viewer_id(ctx)?;
        Ok(write::delete::<Post>(scope(ctx)?, id).await?)
    }

    /// Comments on a post or creation, or replies to a comment.
    async fn add_comment(
        &self,
        ctx: &Context<'_>,
        input: AddCommentInput,
    ) -> async_graphql::Result<Comment> {
        Ok(add_comment(scope(ctx)?, viewer_id(ctx)?, input).await?)
    }

    /// Edits one of the viewer's comments.
    async fn edit_comment(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        content: String,
    ) -> async_graphql::Result<Comment> {
        viewer_id(ctx)?;
        Ok(edit_comment(scope(ctx)?, id, content).await?)
    }

    /// Deletes one of the viewer's comments (or one under the viewer's post); returns its id.
    async fn delete_comment(&self, ctx: &Context<'_>, id: Uuid) -> async_graphql::Result<Uuid> {
        viewer_id(ctx)?;
        Ok(write::delete::<Comment>(scope(ctx)?, id).await?)
    }

    /// Likes the target, or takes the like back if the viewer already likes it (seed 004's
    /// `toggle_like`).
    async fn toggle_like(
        &self,
        ctx: &Context<'_>,
        target: LikeTarget,
    ) -> async_graphql::Result<LikeState> {
        Ok(toggle_like(scope(ctx)?, viewer_id(ctx)?, target).await?)
    }

    /// Follows a person (seed 004's `follow_user`); following twice is harmless. Returns the
    /// followed profile.
    async fn follow(&self, ctx: &Context<'_>, user_id: Uuid) -> async_graphql::Result<Profile> {
        Ok(follow(scope(ctx)?, viewer_id(ctx)?, user_id).await?)
    }

    /// Stops following a person (seed 004's `unfollow_user`). Returns the profile.
    async fn unfollow(&self, ctx: &Context<'_>, user_id: Uuid) -> async_graphql::Result<Profile> {
        Ok(unfollow(scope(ctx)?, viewer_id(ctx)?, user_id).await?)
    }

    /// Creates a draft creation.
    async fn create_creation(
        &self,
        ctx: &Context<'_>,
        input: CreateCreationInput,
    ) -> async_graphql::Result<Creation> {
        Ok(create_creation(scope(ctx)?, viewer_id(ctx)?, input).await?)
    }

    /// Edits one of the viewer's creations.
    async fn update_creation(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        input: UpdateCreationInput,
    ) -> async_graphql::Result<Creation> {
        viewer_id(ctx)?;
        Ok(update_creation(scope(ctx)?, id, input).await?)
    }

    /// Publishes one of the viewer's creations (seed 004's `publish_creation`).
    async fn publish_creation(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> async_graphql::Result<Creation> {
        viewer_id(ctx)?;
        Ok(set_creation_status(scope(ctx)?, id, CreationStatus::Published).await?)
    }

    /// Archives one of the viewer's creations (seed 004's `archive_creation`).
    async fn archive_creation(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> async_graphql::Result<Creation> {
        viewer_id(ctx)?;
        Ok(set_creation_status(scope(ctx)?, id, CreationStatus::Archived).await?)
    }

    /// Counts a view of a creation the viewer may see (seed 004's
    /// `increment_creation_views`); returns the new count.
    async fn increment_creation_views(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> async_graphql::Result<i32> {
        Ok(increment_creation_views(scope(ctx)?, id).await?)
    }
}

/// Most tags a creation may carry.
const MAX_TAGS: usize = 30;

/// Each URL's length. How many a post may carry is the database's rule (`posts_media_urls_limit`).
fn check_media_urls(urls: &[String]) -> Result<(), ApiError> {
    for url in urls {
        write::check_length("mediaUrls", url, 1, 2048)?;
    }
    Ok(())
}

fn check_tags(tags: &[String]) -> Result<(), ApiError> {
    write::check_count("tags", tags, MAX_TAGS)?;
    for tag in tags {
        write::check_length("tags", tag, 1, 50)?;
    }
    Ok(())
}

/// Inserts a post by `author`.
pub async fn create_post(
    scope: &RequestScope,
    author: Uuid,
    input: CreatePostInput,
) -> Result<Post, ApiError> {
    check_media_urls(&input.media_urls)?;
    let post = posts::ActiveModel {
        author_id: Set(author),
        body: Set(input.body),
        media_urls: Set(input.media_urls),
        visibility: Set(input.visibility),
        ..Default::default()
    };
    write::insert::<Post, _>(scope, post).await
}

/// Replaces a comment's content; RLS lets only its author through.
pub async fn edit_comment(
    scope: &RequestScope,
    id: Uuid,
    content: String,
) -> Result<Comment, ApiError> {
    let comment = comments::ActiveModel {
        id: Unchanged(id),
        content: Set(content),
        ..Default::default()
    };
    write::update::<Comment, _>(scope, comment).await
}

/// Applies post changes; RLS lets only the author through.
pub async fn update_post(
    scope: &RequestScope,
    id: Uuid,
    input: UpdatePostInput,
) -> Result<Post, ApiError> {
    let mut post = posts::ActiveModel {
        id: Unchanged(id),
        ..Default::default()
    };
    if let Some(body) = input.body {
        post.body = Set(body);
    }
    if let Some(urls) = input.media_urls {
        check_media_urls(&urls)?;
        post.media_urls = Set(urls);
    }
    if let Some(visibility) = input.visibility {
        post.visibility = Set(visibility);
    }
    if !post.is_changed() {
        return Ok(Post::from_model(write::find::<Post>(scope, id).await?));
    }
    write::update::<Post, _>(scope, post).await
}

/// Inserts a comment; a reply without a target takes its parent's.
pub async fn add_comment(
    scope: &RequestScope,
    author: Uuid,
    input: AddCommentInput,
) -> Result<Comment, ApiError> {
    let (mut post_id, mut creation_id) = (input.post_id, input.creation_id);
    if let Some(parent) = input.parent_comment_id {
        let parent = write::find::<Comment>(scope, parent)
            .await
            .map_err(|_| ApiError::NotFound("the comment replied to was not found".into()))?;
        if post_id.is_none() && creation_id.is_none() {
            (post_id, creation_id) = (parent.post_id, parent.creation_id);
        }
    }
    match (post_id, creation_id) {
        (Some(post), None) => {
            write::find::<Post>(scope, post).await?;
        }
        (None, Some(creation)) => {
            write::find::<Creation>(scope, creation).await?;
        }
        _ => {
            return Err(ApiError::bad_input(
                "postId",
                "comment on exactly one post or creation",
            ));
        }
    }
    let comment = comments::ActiveModel {
        user_id: Set(author),
        post_id: Set(post_id),
        creation_id: Set(creation_id),
        parent_comment_id: Set(input.parent_comment_id),
        content: Set(input.content),
        ..Default::default()
    };
    write::insert::<Comment, _>(scope, comment).await
}

/// The like column and target table of a like target, after checking there is one target.
fn like_column(target: &LikeTarget) -> Result<(likes::Column, Uuid), ApiError> {
    match (target.post_id, target.creation_id, target.comment_id) {
        (Some(id), None, None) => Ok((likes::Column::PostId, id)),
        (None, Some(id), None) => Ok((likes::Column::CreationId, id)),
        (None, None, Some(id)) => Ok((likes::Column::CommentId, id)),
        _ => Err(ApiError::bad_input(
            "target",
            "like exactly one post, creation or comment",
        )),
    }
}

/// Deletes the viewer's like of the target if there is one, else adds one; counters follow
/// by trigger, so concurrent toggles keep them exact.
pub async fn toggle_like(
    scope: &RequestScope,
    user: Uuid,
    target: LikeTarget,
) -> Result<LikeState, ApiError> {
    let (column, target_id) = like_column(&target)?;
    // The target must be visible to the viewer; its count is read after the change.
    let count = || async {
        Ok::<i32, ApiError>(match column {
            likes::Column::PostId => write::find::<Post>(scope, target_id).await?.likes_count,
            likes::Column::CreationId => {
                write::find::<Creation>(scope, target_id).await?.likes_count
            }
            _ => write::find::<Comment>(scope, target_id).await?.likes_count,
        })
    };
    count().await?;
    let removed = likes::Entity::delete_many()
        .filter(likes::Column::UserId.eq(user))
        .filter(column.eq(target_id))
        .exec(&*scope.conn().await?)
        .await
        .map_err(ApiError::from)?
        .rows_affected;
    let liked = removed == 0;
    if liked {
        let mut like = likes::ActiveModel {
            user_id: Set(user),
            ..Default::default()
        };
        match column {
            likes::Column::PostId => like.post_id = Set(Some(target_id)),
            likes::Column::CreationId => like.creation_id = Set(Some(target_id)),
            _ => like.comment_id = Set(Some(target_id)),
        }
        likes::Entity::insert(like)
            .on_conflict_do_nothing_on([likes::Column::UserId, column])
            .exec_without_returning(&*scope.conn().await?)
            .await
            .map_err(ApiError::from)?;
    }
    Ok(LikeState {
        liked,
        likes_count: count().await?,
    })
}

/// Adds a follow (idempotent) and returns the followed profile.
pub async fn follow(
    scope: &RequestScope,
    follower: Uuid,
    followed: Uuid,
) -> Result<Profile, ApiError> {
    if follower == followed {
        return Err(ApiError::bad_input("userId", "you cannot follow yourself"));
    }
    write::find::<Profile>(scope, followed).await?;
    let row = follows::ActiveModel {
        follower_id: Set(follower),
        following_id: Set(followed),
        ..Default::default()
    };
    follows::Entity::insert(row)
        .on_conflict_do_nothing_on([follows::Column::FollowerId, follows::Column::FollowingId])
        .exec_without_returning(&*scope.conn().await?)
        .await
        .map_err(ApiError::from)?;
    Ok(Profile::from_model(
        write::find::<Profile>(scope, followed).await?,
    ))
}

/// Removes a follow if present and returns the profile.
pub async fn unfollow(
    scope: &RequestScope,
    follower: Uuid,
    followed: Uuid,
) -> Result<Profile, ApiError> {
    follows::Entity::delete_many()
        .filter(follows::Column::FollowerId.eq(follower))
        .filter(follows::Column::FollowingId.eq(followed))
        .exec(&*scope.conn().await?)
        .await
        .map_err(ApiError::from)?;
    Ok(Profile::from_model(
        write::find::<Profile>(scope, followed).await?,
    ))
}

/// Inserts a draft creation.
pub async fn create_creation(
    scope: &RequestScope,
    owner: Uuid,
    input: CreateCreationInput,
) -> Result<Creation, ApiError> {
    if let Some(description) = &input.description {
        write::check_length("description", description, 0, 5000)?;
    }
    check_tags(&input.tags)?;
    let creation = creations::ActiveModel {
        user_id: Set(owner),
        title: Set(input.title),
        description: Set(input.description),
        r#type: Set(input.r#type),
        file_url: Set(input.file_url),
        thumbnail_url: Set(input.thumbnail_url),
        prompt: Set(input.prompt),
        ai_tool: Set(input.ai_tool),
        tags: Set(input.tags),
        is_public: Set(input.is_public),
        ..Default::default()
    };
    write::insert::<Creation, _>(scope, creation).await
}

/// Applies creation changes; RLS lets only the owner through.
pub async fn update_creation(
    scope: &RequestScope,
    id: Uuid,
    input: UpdateCreationInput,
) -> Result<Creation, ApiError> {
    let mut creation = creations::ActiveModel {
        id: Unchanged(id),
        ..Default::default()
    };
    if let Some(title) = input.title {
        creation.title = Set(title);
    }
    if let Some(description) = input.description {
        write::check_length("description", &description, 0, 5000)?;
        creation.description = Set(Some(description));
    }
    if let Some(tags) = input.tags {
        check_tags(&tags)?;
        creation.tags = Set(tags);
    }
    if let Some(public) = input.is_public {
        creation.is_public = Set(public);
    }
    if !creation.is_changed() {
        return Ok(Creation::from_model(
            write::find::<Creation>(scope, id).await?,
        ));
    }
    write::update::<Creation, _>(scope, creation).await
}

/// Moves a creation to `status` (the trigger stamps `published_at` on publishing).
pub async fn set_creation_status(
    scope: &RequestScope,
    id: Uuid,
    status: CreationStatus,
) -> Result<Creation, ApiError> {
    let creation = creations::ActiveModel {
        id: Unchanged(id),
        status: Set(status),
        ..Default::default()
    };
    write::update::<Creation, _>(scope, creation).await
}

/// Seed 004's `increment_creation_views`, a database function so that viewers who may not
/// update the row can still count their view.
pub async fn increment_creation_views(scope: &RequestScope, id: Uuid) -> Result<i32, ApiError> {
    let row = scope
        .conn()
        .await?
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT public.increment_creation_views($1) AS views",
            [id.into()],
        ))
        .await
        .map_err(ApiError::from)?;
    row.and_then(|row| row.try_get::<Option<i32>>("", "views").ok().flatten())
        .ok_or_else(write::not_found::<Creation>)
}
