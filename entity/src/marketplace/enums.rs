//! Enum-like columns of the marketplace tables: `text` with a CHECK constraint in the database
//! and a closed Rust/GraphQL enum here.

text_enum! {
    /// What a marketplace item is.
    MarketplaceItemKind {
        /// A bot.
        Bot = "bot",
        /// A theme.
        Theme = "theme",
        /// A dashboard widget.
        Widget = "widget",
        /// An automation.
        Automation = "automation",
    }
}
