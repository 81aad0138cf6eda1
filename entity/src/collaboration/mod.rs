//! Collaboration (seed 002): shared sessions, participants with presence, invitations and
//! edit history.
//!
//! Row-level security shows a session and its participants to its owner and participants.

pub mod collaboration_edits;
pub mod collaboration_invites;
pub mod collaboration_participants;
pub mod collaboration_sessions;
pub mod enums;

pub use enums::{ParticipantRole, PresenceStatus};
