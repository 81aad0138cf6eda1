//! Social: posts, creations, threaded comments, likes, follows and media, plus the
//! following feed and creation search of seed 004.

use async_graphql::connection::Connection;
use async_graphql::{Context, Object};
use entity::social::{comments, creations, follows, likes, media_assets, posts};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, Condition};

use crate::graphql::error::ApiError;
use crate::graphql::filter::{
    BoolFilter, DateTimeFilter, EnumFilter, IntFilter, StringFilter, UuidFilter, contains_pattern,
};
use crate::graphql::identity::Profile;
use crate::graphql::resolve::{list, scope};
use crate::graphql::table::{Cursor, PageArgs};

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
        size_bytes: IntFilter => SizeBytes,
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
    ) -> async_graphql::Result<Connection<Cursor, Creation>> {
        let viewer = scope(ctx)?.viewer().user_id.ok_or_else(|| {
            ApiError::Unauthenticated("sign in to see the people you follow".into())
        })?;
        let followed = Query::select()
            .column(follows::Column::FollowingId)
            .from(follows::Entity)
            .and_where(Expr::col(follows::Column::FollowerId).eq(viewer))
            .to_owned();
        let base = published_creations().add(creations::Column::UserId.in_subquery(followed));
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
    ) -> async_graphql::Result<Connection<Cursor, Creation>> {
        let query = query.trim();
        if query.is_empty() || query.chars().count() > MAX_SEARCH_LENGTH {
            return Err(ApiError::bad_input(
                "query",
                format!("search text must be 1 to {MAX_SEARCH_LENGTH} characters"),
            )
            .into());
        }
        let pattern = contains_pattern(query);
        let mut base = published_creations().add(
            Condition::any()
                .add(creations::Column::Title.ilike(pattern.clone()))
                .add(creations::Column::Description.ilike(pattern))
                .add(Expr::cust_with_values(
                    r#"$1 = ANY("creations"."tags")"#,
                    [query],
                )),
        );
        if let Some(kind) = r#type {
            base = base.add(creations::Column::Type.eq(kind));
        }
        let page = PageArgs {
            first,
            after,
            ..PageArgs::default()
        };
        Ok(list::<Creation>(ctx, base, None, None, page).await?)
    }
}
