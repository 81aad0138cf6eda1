//! Enum-like columns of the social tables. Each is `text` with a CHECK constraint in the
//! database and a closed Rust/GraphQL enum here.

text_enum! {
    /// Who may read a post.
    PostVisibility {
        /// Everyone, including anonymous visitors.
        Public = "public",
        /// The author and the profiles following the author.
        Followers = "followers",
        /// Only the author.
        Private = "private",
    }
}

text_enum! {
    /// Medium of a creation.
    CreationType {
        /// A still image.
        Image = "image",
        /// Music or other audio.
        Music = "music",
        /// A video or animation.
        Video = "video",
        /// Written work.
        Text = "text",
        /// A mix of media.
        Multimodal = "multimodal",
    }
}

text_enum! {
    /// Life-cycle stage of a creation; only `PUBLISHED` ones can be public.
    CreationStatus {
        /// Being worked on; owner only.
        Draft = "draft",
        /// Upload or generation in progress.
        Processing = "processing",
        /// Published; public when `is_public`.
        Published = "published",
        /// Withdrawn from view; kept for the owner.
        Archived = "archived",
    }
}

text_enum! {
    /// Kind of an uploaded media file.
    MediaKind {
        /// A video file.
        Video = "video",
        /// An audio file.
        Audio = "audio",
        /// An image file.
        Image = "image",
        /// A document such as a PDF.
        Document = "document",
    }
}
