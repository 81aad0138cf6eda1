//! Social: posts, creations, threaded comments, likes, follows and media, plus the
//! following feed and creation search of seed 004.

mod api;
mod operations;

pub use api::*;
pub use operations::*;

use async_graphql::{Context, InputObject, Object, SimpleObject};
use entity::social::{
    CreationStatus, CreationType, PostVisibility, comments, creations, follows, likes,
    media_assets, posts,
};
use sea_orm::ActiveValue::{Set, Unchanged};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::identity::Profile;
use switchyard_core::db::RequestScope;
use switchyard_core::graphql::error::ApiError;
use switchyard_core::graphql::filter::{
    BigIntFilter, BoolFilter, DateTimeFilter, EnumFilter, IntFilter, StringFilter, UuidFilter,
    contains_pattern,
};
use switchyard_core::graphql::plan::Answer;
use switchyard_core::graphql::resolve::{call_value, list, scope, viewer_id};
use switchyard_core::graphql::table::{PageArgs, Table, TableConnection};
use switchyard_core::graphql::write;

switchyard_core::table! {
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

switchyard_core::relations! {
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

switchyard_core::table! {
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

switchyard_core::relations! {
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

switchyard_core::table! {
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

switchyard_core::relations! {
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

switchyard_core::table! {
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

switchyard_core::relations! {
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

switchyard_core::table! {
    /// One person following another. Public.
    Follow => follows,
    filter FollowFilter {
        follower_id: UuidFilter => FollowerId,
        following_id: UuidFilter => FollowingId,
        created_at: DateTimeFilter => CreatedAt,
    },
    order FollowOrder / FollowOrderField { CreatedAt => CreatedAt } default CreatedAt,
}

switchyard_core::relations! {
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

switchyard_core::table! {
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

switchyard_core::relations! {
    MediaAsset {
        to_one {
            /// Whose file it is.
            owner: Profile = user_id,
        }
        to_many {}
    }
}

switchyard_core::change_feeds! {
    /// Live changes of the viewer's uploads.
    SocialChanges owned {
        /// The viewer's media assets as they are uploaded, processed and removed. With
        /// `after`, every change since that cursor comes first.
        media_asset_changes: MediaAsset => MediaAssetChange;
    }
}

switchyard_core::root_fields! {
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
