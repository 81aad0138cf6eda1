//! Social: posts, creations, threaded comments, likes, the follow graph and media assets.
//!
//! Every person reference points at `profiles`. Counters (`likes_count`, `followers_count`,
//! ...) are kept by database triggers; read them, do not write them.

pub mod comments;
pub mod creations;
pub mod enums;
pub mod follows;
pub mod likes;
pub mod media_assets;
pub mod posts;

pub use enums::{CreationStatus, CreationType, MediaKind, PostVisibility};
