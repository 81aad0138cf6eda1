//! The community areas: identity (users and profiles), social (posts, comments, follows),
//! messaging (conversations) and notifications. They are one crate because their tables
//! point at each other both ways (a post's author is a profile, a profile lists its posts),
//! and every other area stands on them through `Profile`.

pub mod identity;
pub mod messaging;
pub mod notifications;
pub mod social;
