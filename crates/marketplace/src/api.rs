//! The marketplace API: the resolvers, each parsing its arguments and calling one operation,
//! and the input and output types they take and give.

use super::*;

/// A new item for sale (unpublished unless `isPublished`).
#[derive(Debug, InputObject)]
pub struct CreateMarketplaceItemInput {
    /// What it is.
    pub kind: MarketplaceItemKind,
    /// Title (1 to 200 characters).
    pub title: String,
    /// Description.
    #[graphql(default)]
    pub description: String,
    /// Price as decimal text, e.g. "12.50" (at most 2 decimal places). Buyers pay
    /// ceil(price) credits.
    pub price: String,
    /// ISO 4217 code (default USD).
    #[graphql(default_with = "String::from(\"USD\")")]
    pub currency: String,
    /// Search tags (at most 20).
    #[graphql(default)]
    pub tags: Vec<String>,
    /// Listed for sale now.
    #[graphql(default)]
    pub is_published: bool,
}

/// Changes to an item; absent fields stay.
#[derive(Debug, InputObject)]
pub struct UpdateMarketplaceItemInput {
    /// New title.
    pub title: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New price as decimal text.
    pub price: Option<String>,
    /// New currency.
    pub currency: Option<String>,
    /// New tags.
    pub tags: Option<Vec<String>>,
    /// Listed for sale, or withdrawn.
    pub is_published: Option<bool>,
}

/// A theme: a name and its colors (a JSON object).
#[derive(Debug, InputObject)]
pub struct ThemeInput {
    /// Name (1 to 100 characters).
    pub name: Option<String>,
    /// Colors, e.g. `{"primary": "#0af"}`.
    pub colors: Option<Json<serde_json::Value>>,
    /// Readable by everyone.
    pub is_public: Option<bool>,
}

/// A dashboard widget's placement and settings.
#[derive(Debug, InputObject)]
pub struct WidgetInput {
    /// Layout (a JSON object, e.g. `{"x": 0, "y": 0, "w": 4, "h": 2}`).
    pub layout: Option<Json<serde_json::Value>>,
    /// Settings (a JSON object).
    pub config: Option<Json<serde_json::Value>>,
    /// Position on the dashboard.
    pub sort_order: Option<i32>,
}

/// Seed 000's `searchMarketplace`.
#[derive(Debug, Default)]
pub struct MarketplaceSearchQuery;

#[Object]
impl MarketplaceSearchQuery {
    /// Published items whose title, description or tags match `query`, most similar title
    /// first (trigram similarity), optionally of one `kind`.
    #[graphql(
        complexity = "switchyard_core::graphql::table::page_complexity(first, None, child_complexity)"
    )]
    async fn search_marketplace(
        &self,
        ctx: &Context<'_>,
        query: String,
        kind: Option<MarketplaceItemKind>,
        first: Option<i32>,
    ) -> async_graphql::Result<Vec<Ranked<MarketplaceItem>>> {
        Ok(search_marketplace(scope(ctx)?, loader(ctx)?, &query, kind, first).await?)
    }
}

/// Selling, buying and reviewing items; themes and dashboard widgets.
#[derive(Debug, Default)]
pub struct MarketplaceMutation;

#[Object]
impl MarketplaceMutation {
    /// Lists a new item sold by the viewer.
    async fn create_marketplace_item(
        &self,
        ctx: &Context<'_>,
        input: CreateMarketplaceItemInput,
    ) -> async_graphql::Result<MarketplaceItem> {
        Ok(create_marketplace_item(scope(ctx)?, viewer_id(ctx)?, input).await?)
    }

    /// Changes one of the viewer's items.
    async fn update_marketplace_item(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        input: UpdateMarketplaceItemInput,
    ) -> async_graphql::Result<MarketplaceItem> {
        viewer_id(ctx)?;
        Ok(update_marketplace_item(scope(ctx)?, id, input).await?)
    }

    /// Deletes one of the viewer's items; refused (CONFLICT) once someone bought it, as
    /// buyers keep their purchase: unpublish it instead.
    async fn delete_marketplace_item(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> async_graphql::Result<Uuid> {
        viewer_id(ctx)?;
        Ok(write::delete::<MarketplaceItem>(scope(ctx)?, id).await?)
    }

    /// Buys a published item of someone else at its price, paid with ceil(price) of the
    /// viewer's credits, atomically: a second purchase of the same item is a CONFLICT, and
    /// without enough credits (CONFLICT on `itemId`) nothing is bought or charged.
    async fn purchase_marketplace_item(
        &self,
        ctx: &Context<'_>,
        item_id: Uuid,
    ) -> async_graphql::Result<MarketplacePurchase> {
        viewer_id(ctx)?;
        Ok(purchase_marketplace_item(scope(ctx)?, item_id).await?)
    }

    /// Reviews an item the viewer bought (rating 1 to 5); one review per buyer and item.
    /// Anyone who has not bought the item is refused (FORBIDDEN).
    async fn review_marketplace_item(
        &self,
        ctx: &Context<'_>,
        item_id: Uuid,
        rating: i32,
        #[graphql(default)] comment: String,
    ) -> async_graphql::Result<MarketplaceReview> {
        Ok(review_marketplace_item(scope(ctx)?, viewer_id(ctx)?, item_id, rating, comment).await?)
    }

    /// Changes the viewer's review.
    async fn update_marketplace_review(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        rating: i32,
        #[graphql(default)] comment: String,
    ) -> async_graphql::Result<MarketplaceReview> {
        viewer_id(ctx)?;
        Ok(update_marketplace_review(scope(ctx)?, id, rating, comment).await?)
    }

    /// Deletes the viewer's review.
    async fn delete_marketplace_review(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> async_graphql::Result<Uuid> {
        viewer_id(ctx)?;
        Ok(write::delete::<MarketplaceReview>(scope(ctx)?, id).await?)
    }

    /// Creates a theme of the viewer's (private unless `isPublic`); `name` is required.
    async fn create_theme(
        &self,
        ctx: &Context<'_>,
        input: ThemeInput,
    ) -> async_graphql::Result<Theme> {
        Ok(create_theme(scope(ctx)?, viewer_id(ctx)?, input).await?)
    }

    /// Changes one of the viewer's themes.
    async fn update_theme(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        input: ThemeInput,
    ) -> async_graphql::Result<Theme> {
        viewer_id(ctx)?;
        Ok(update_theme(scope(ctx)?, id, input).await?)
    }

    /// Deletes one of the viewer's themes.
    async fn delete_theme(&self, ctx: &Context<'_>, id: Uuid) -> async_graphql::Result<Uuid> {
        viewer_id(ctx)?;
        Ok(write::delete::<Theme>(scope(ctx)?, id).await?)
    }

    /// Adds a widget to the viewer's dashboard.
    async fn add_widget(
        &self,
        ctx: &Context<'_>,
        widget_type: String,
        input: WidgetInput,
    ) -> async_graphql::Result<UserWidget> {
        Ok(add_widget(scope(ctx)?, viewer_id(ctx)?, widget_type, input).await?)
    }

    /// Moves or reconfigures one of the viewer's widgets.
    async fn update_widget(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        input: WidgetInput,
    ) -> async_graphql::Result<UserWidget> {
        viewer_id(ctx)?;
        Ok(update_widget(scope(ctx)?, id, input).await?)
    }

    /// Removes one of the viewer's widgets.
    async fn delete_widget(&self, ctx: &Context<'_>, id: Uuid) -> async_graphql::Result<Uuid> {
        viewer_id(ctx)?;
        Ok(write::delete::<UserWidget>(scope(ctx)?, id).await?)
    }
}
