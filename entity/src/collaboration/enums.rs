//! Enum-like columns of the collaboration tables: `text` with a CHECK constraint in the
//! database and a closed Rust/GraphQL enum here.

text_enum! {
    /// What a participant may do in a collaboration session.
    ParticipantRole {
        /// Owns the session.
        Owner = "owner",
        /// May edit the document.
        Editor = "editor",
        /// May follow along.
        Viewer = "viewer",
    }
}

text_enum! {
    /// Whether a participant is present.
    PresenceStatus {
        /// Connected and active.
        Online = "online",
        /// Connected, not active.
        Idle = "idle",
        /// Gone, or silent for 2 minutes.
        Offline = "offline",
    }
}
