//! The social API: the resolvers, each parsing its arguments and calling one operation,
//! and the input and output types they take and give.

use super::*;

/// Seed 004's `get_user_feed` and `search_creations`.
#[derive(Debug, Default)]
pub struct DiscoveryQuery;

#[Object]
impl DiscoveryQuery {
    /// Published creations of the people the viewer follows, newest first (seed 004's
    /// `get_user_feed`). Needs a signed-in viewer.
    #[graphql(
        complexity = "switchyard_core::graphql::table::page_complexity(first, None, child_complexity)"
    )]
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
    #[graphql(
        complexity = "switchyard_core::graphql::table::page_complexity(first, None, child_complexity)"
    )]
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
