//! The social operations: what each resolver asks for, done as the request's viewer
//! through its scope.

use super::*;

/// Longest search text accepted.
pub(super) const MAX_SEARCH_LENGTH: usize = 200;

/// Published, public creations: what the feed and search show.
pub(super) fn published_creations() -> Condition {
    Condition::all()
        .add(creations::Column::IsPublic.eq(true))
        .add(creations::Column::Status.eq(entity::social::CreationStatus::Published))
}

/// Published creations of the people `viewer` follows.
pub(super) fn followed_creations(viewer: Uuid) -> Condition {
    let followed = Query::select()
        .column(follows::Column::FollowingId)
        .from(follows::Entity)
        .and_where(Expr::col(follows::Column::FollowerId).eq(viewer))
        .to_owned();
    published_creations().add(creations::Column::UserId.in_subquery(followed))
}

/// Published creations (of `kind`, when given) whose title or description contains `query`,
/// ignoring case, or whose tags include it.
pub(super) fn matching_creations(
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

/// Most tags a creation may carry.
pub(super) const MAX_TAGS: usize = 30;

/// Each URL's length. How many a post may carry is the database's rule (`posts_media_urls_limit`).
pub(super) fn check_media_urls(urls: &[String]) -> Result<(), ApiError> {
    for url in urls {
        write::check_length("mediaUrls", url, 1, 2048)?;
    }
    Ok(())
}

pub(super) fn check_tags(tags: &[String]) -> Result<(), ApiError> {
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
pub(super) fn like_column(target: &LikeTarget) -> Result<(likes::Column, Uuid), ApiError> {
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
    call_value::<i32>(
        scope,
        "SELECT public.increment_creation_views($1) AS value",
        [id.into()],
    )
    .await?
    .ok_or_else(write::not_found::<Creation>)
}
