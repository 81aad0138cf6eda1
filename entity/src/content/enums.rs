//! Enum-like columns of the content tables: `text` with a CHECK constraint in the database
//! and a closed Rust/GraphQL enum here.

text_enum! {
    /// Who may see a content item.
    ContentVisibility {
        /// Everyone.
        Public = "public",
        /// Anyone with the link; left out of lists for others.
        Unlisted = "unlisted",
        /// Only the owner.
        Private = "private",
    }
}

text_enum! {
    /// Where a search engine submission stands.
    SeoSubmissionStatus {
        /// Not sent yet.
        Pending = "pending",
        /// Sent to the engine.
        Submitted = "submitted",
        /// The engine indexed the URL.
        Indexed = "indexed",
        /// The engine refused it.
        Failed = "failed",
    }
}
