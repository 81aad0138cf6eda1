//! Marketplace and customization (seed 000): items for sale, purchases (one per buyer and
//! item) paid with credits, buyers' reviews with rating aggregates, themes and dashboard
//! widgets. Reads come from the tables; purchases go through the database function
//! `purchase_marketplace_item`, which charges the buyer's credits in the same statement.

use async_graphql::{Context, InputObject, Json, Object};
use entity::marketplace::{
    MarketplaceItemKind, marketplace_items, marketplace_purchases, marketplace_reviews, themes,
    user_widgets,
};

use sea_orm::ActiveValue::{Set, Unchanged};
use sea_orm::prelude::Decimal;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::db::RequestScope;
use crate::graphql::error::ApiError;
use crate::graphql::filter::{
    BoolFilter, DateTimeFilter, EnumFilter, IntFilter, StringFilter, UuidFilter, contains_pattern,
};
use crate::graphql::identity::Profile;
use crate::graphql::loaders::RequestLoader;
use crate::graphql::ranked::{self, Ranked};
use crate::graphql::resolve::{call_row, loader, scope, viewer_id};
use crate::graphql::table::Table;
use crate::graphql::write;

crate::table! {
    /// An item for sale; public when published.
    MarketplaceItem => marketplace_items,
    filter MarketplaceItemFilter {
        id: UuidFilter => Id,
        seller_id: UuidFilter => SellerId,
        kind: EnumFilter<entity::marketplace::MarketplaceItemKind> => Kind,
        title: StringFilter => Title,
        description: StringFilter => Description,
        currency: StringFilter => Currency,
        is_published: BoolFilter => IsPublished,
        rating_count: IntFilter => RatingCount,
        purchases_count: IntFilter => PurchasesCount,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order MarketplaceItemOrder / MarketplaceItemOrderField {
        CreatedAt => CreatedAt,
        Title => Title,
        PurchasesCount => PurchasesCount,
        RatingCount => RatingCount,
    } default CreatedAt,
}

crate::relations! {
    MarketplaceItem {
        to_one {
            /// Profile selling it.
            seller: Profile = seller_id,
        }
        to_many {
            /// The marketplace purchases pointing at this row.
            marketplace_purchases: MarketplacePurchase = marketplace_purchases::Column::ItemId,
            /// The marketplace reviews pointing at this row.
            marketplace_reviews: MarketplaceReview = marketplace_reviews::Column::ItemId,
        }
    }
}

crate::table! {
    /// A purchase; visible to its buyer and the item's seller.
    MarketplacePurchase => marketplace_purchases,
    filter MarketplacePurchaseFilter {
        id: UuidFilter => Id,
        buyer_id: UuidFilter => BuyerId,
        item_id: UuidFilter => ItemId,
        currency: StringFilter => Currency,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order MarketplacePurchaseOrder / MarketplacePurchaseOrderField {
        CreatedAt => CreatedAt,
    } default CreatedAt,
}

crate::relations! {
    MarketplacePurchase {
        to_one {
            /// Profile that bought.
            buyer: Profile = buyer_id,
            /// Item bought.
            item: MarketplaceItem = item_id,
        }
        to_many {
        }
    }
}

crate::table! {
    /// A buyer's rating (1-5) and comment; public.
    MarketplaceReview => marketplace_reviews,
    filter MarketplaceReviewFilter {
        id: UuidFilter => Id,
        item_id: UuidFilter => ItemId,
        reviewer_id: UuidFilter => ReviewerId,
        rating: IntFilter => Rating,
        comment: StringFilter => Comment,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order MarketplaceReviewOrder / MarketplaceReviewOrderField {
        CreatedAt => CreatedAt,
        Rating => Rating,
    } default CreatedAt,
}

crate::relations! {
    MarketplaceReview {
        to_one {
            /// Item reviewed.
            item: MarketplaceItem = item_id,
            /// Profile that reviewed (a buyer).
            reviewer: Profile = reviewer_id,
        }
        to_many {
        }
    }
}

crate::table! {
    /// A color scheme; public ones are readable by everyone.
    Theme => themes,
    filter ThemeFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        name: StringFilter => Name,
        is_public: BoolFilter => IsPublic,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order ThemeOrder / ThemeOrderField {
        CreatedAt => CreatedAt,
        Name => Name,
    } default CreatedAt,
}

crate::relations! {
    Theme {
        to_one {
            /// Profile that made it.
            profile: Profile = user_id,
        }
        to_many {
        }
    }
}

crate::table! {
    /// A widget on a user's dashboard.
    UserWidget => user_widgets,
    filter UserWidgetFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        widget_type: StringFilter => WidgetType,
        sort_order: IntFilter => SortOrder,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order UserWidgetOrder / UserWidgetOrderField {
        CreatedAt => CreatedAt,
        SortOrder => SortOrder,
    } default CreatedAt,
}

crate::relations! {
    UserWidget {
        to_one {
            /// Profile whose dashboard it is on.
            profile: Profile = user_id,
        }
        to_many {
        }
    }
}

crate::change_feeds! {
    /// Live changes of the viewer's dashboard.
    MarketplaceChanges owned {
        /// The widgets of the viewer's dashboard as they are added, arranged, configured
        /// and removed, from any device. With `after`, every change since that cursor comes
        /// first.
        user_widget_changes: UserWidget => UserWidgetChange;
    }
}

crate::root_fields! {
    /// By-id and list fields of the marketplace tables.
    MarketplaceQuery {
        marketplace_item, marketplace_items: MarketplaceItem;
        marketplace_purchase, marketplace_purchases: MarketplacePurchase;
        marketplace_review, marketplace_reviews: MarketplaceReview;
        theme, themes: Theme;
        user_widget, user_widgets: UserWidget;
    }
}

/// Most tags on one item.
const MAX_ITEM_TAGS: usize = 20;

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
    #[graphql(complexity = "crate::graphql::table::page_complexity(first, None, child_complexity)")]
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

/// The published items most like `query` by title (or matching its description or tags),
/// optionally of one kind.
pub async fn search_marketplace(
    scope: &RequestScope,
    loader: &RequestLoader,
    query: &str,
    kind: Option<MarketplaceItemKind>,
    first: Option<i32>,
) -> Result<Vec<Ranked<MarketplaceItem>>, ApiError> {
    let query = ranked::search_text(query)?;
    let pattern = contains_pattern(query);
    let mut condition = Condition::all()
        .add(marketplace_items::Column::IsPublished.eq(true))
        .add(
            Condition::any()
                .add(marketplace_items::Column::Title.ilike(pattern.clone()))
                .add(marketplace_items::Column::Description.ilike(pattern))
                .add(Expr::cust_with_values(
                    r#""marketplace_items"."title" % $1"#,
                    [query],
                ))
                .add(Expr::cust_with_values(
                    r#"$1 = ANY("marketplace_items"."tags")"#,
                    [query],
                )),
        );
    if let Some(kind) = kind {
        condition = condition.add(marketplace_items::Column::Kind.eq(kind));
    }
    let score = Expr::cust_with_values(
        r#"similarity("marketplace_items"."title", $1)::double precision"#,
        [query],
    );
    ranked::ranked::<MarketplaceItem>(scope, loader, condition, score, first).await
}

/// Puts a new item of `seller`'s up for sale.
pub async fn create_marketplace_item(
    scope: &RequestScope,
    seller: Uuid,
    input: CreateMarketplaceItemInput,
) -> Result<MarketplaceItem, ApiError> {
    write::check_length("description", &input.description, 0, 10_000)?;
    let item = marketplace_items::ActiveModel {
        seller_id: Set(seller),
        kind: Set(input.kind),
        title: Set(input.title),
        description: Set(input.description),
        price: Set(price(&input.price)?),
        currency: Set(input.currency),
        tags: Set(item_tags(input.tags)?),
        is_published: Set(input.is_published),
        ..Default::default()
    };
    write::insert::<MarketplaceItem, _>(scope, item).await
}

/// Applies a seller's changes to an item; RLS lets only the seller through.
pub async fn update_marketplace_item(
    scope: &RequestScope,
    id: Uuid,
    input: UpdateMarketplaceItemInput,
) -> Result<MarketplaceItem, ApiError> {
    let mut item = marketplace_items::ActiveModel {
        id: Unchanged(id),
        ..Default::default()
    };
    if let Some(title) = input.title {
        item.title = Set(title);
    }
    if let Some(description) = input.description {
        write::check_length("description", &description, 0, 10_000)?;
        item.description = Set(description);
    }
    if let Some(text) = input.price {
        item.price = Set(price(&text)?);
    }
    if let Some(currency) = input.currency {
        item.currency = Set(currency);
    }
    if let Some(tags) = input.tags {
        item.tags = Set(item_tags(tags)?);
    }
    if let Some(published) = input.is_published {
        item.is_published = Set(published);
    }
    write::update_or_read::<MarketplaceItem, _>(scope, id, item).await
}

/// Buys a published item for the viewer; the database charges the credits in the same
/// statement, so a refused charge buys nothing.
pub async fn purchase_marketplace_item(
    scope: &RequestScope,
    item_id: Uuid,
) -> Result<MarketplacePurchase, ApiError> {
    let item = write::find::<MarketplaceItem>(scope, item_id).await?;
    if !item.is_published {
        return Err(write::not_found::<MarketplaceItem>());
    }
    let row = call_row::<marketplace_purchases::Entity>(
        scope,
        "SELECT * FROM public.purchase_marketplace_item($1)",
        [item_id.into()],
    )
    .await?
    .ok_or_else(write::not_found::<MarketplacePurchase>)?;
    Ok(MarketplacePurchase::from_model(row))
}

/// Records `reviewer`'s review of an item, only once they have bought it.
pub async fn review_marketplace_item(
    scope: &RequestScope,
    reviewer: Uuid,
    item_id: Uuid,
    rating: i32,
    comment: String,
) -> Result<MarketplaceReview, ApiError> {
    write::find::<MarketplaceItem>(scope, item_id).await?;
    let bought = marketplace_purchases::Entity::find()
        .filter(marketplace_purchases::Column::ItemId.eq(item_id))
        .filter(marketplace_purchases::Column::BuyerId.eq(reviewer))
        .one(&*scope.conn().await?)
        .await
        .map_err(ApiError::from)?;
    if bought.is_none() {
        return Err(ApiError::Forbidden(
            "only buyers of this item may review it".into(),
        ));
    }
    let review = marketplace_reviews::ActiveModel {
        item_id: Set(item_id),
        reviewer_id: Set(reviewer),
        rating: Set(rating),
        comment: Set(comment),
        ..Default::default()
    };
    write::insert::<MarketplaceReview, _>(scope, review).await
}

/// Replaces the rating and comment of a review; RLS lets only its author through.
pub async fn update_marketplace_review(
    scope: &RequestScope,
    id: Uuid,
    rating: i32,
    comment: String,
) -> Result<MarketplaceReview, ApiError> {
    let review = marketplace_reviews::ActiveModel {
        id: Unchanged(id),
        rating: Set(rating),
        comment: Set(comment),
        ..Default::default()
    };
    write::update::<MarketplaceReview, _>(scope, review).await
}

/// Saves a new named theme of `owner`'s.
pub async fn create_theme(
    scope: &RequestScope,
    owner: Uuid,
    input: ThemeInput,
) -> Result<Theme, ApiError> {
    let mut theme = theme_changes(input)?;
    if !theme.name.is_set() {
        return Err(ApiError::bad_input("name", "a theme needs a name"));
    }
    theme.user_id = Set(owner);
    write::insert::<Theme, _>(scope, theme).await
}

/// Applies changes to a theme; RLS lets only its owner through.
pub async fn update_theme(
    scope: &RequestScope,
    id: Uuid,
    input: ThemeInput,
) -> Result<Theme, ApiError> {
    let mut theme = theme_changes(input)?;
    theme.id = Unchanged(id);
    write::update_or_read::<Theme, _>(scope, id, theme).await
}

/// Puts a new widget of `widget_type` on `owner`'s dashboard.
pub async fn add_widget(
    scope: &RequestScope,
    owner: Uuid,
    widget_type: String,
    input: WidgetInput,
) -> Result<UserWidget, ApiError> {
    let mut widget = widget_changes(input);
    widget.user_id = Set(owner);
    widget.widget_type = Set(widget_type);
    write::insert::<UserWidget, _>(scope, widget).await
}

/// Moves or reconfigures a widget; RLS lets only its owner through.
pub async fn update_widget(
    scope: &RequestScope,
    id: Uuid,
    input: WidgetInput,
) -> Result<UserWidget, ApiError> {
    let mut widget = widget_changes(input);
    widget.id = Unchanged(id);
    write::update_or_read::<UserWidget, _>(scope, id, widget).await
}

/// A price: decimal text, not negative, fitting `numeric(12,2)`.
fn price(text: &str) -> Result<Decimal, ApiError> {
    write::decimal("price", text, 10, 2, true)
}

/// Checks an item's tags.
fn item_tags(tags: Vec<String>) -> Result<Vec<String>, ApiError> {
    write::check_count("tags", &tags, MAX_ITEM_TAGS)?;
    for tag in &tags {
        write::check_length("tags", tag.trim(), 1, 50)?;
    }
    Ok(tags)
}

/// The theme columns `input` sets.
fn theme_changes(input: ThemeInput) -> Result<themes::ActiveModel, ApiError> {
    let mut theme = themes::ActiveModel::default();
    if let Some(name) = input.name {
        theme.name = Set(name);
    }
    if let Some(colors) = input.colors {
        theme.colors = Set(colors.0);
    }
    if let Some(public) = input.is_public {
        theme.is_public = Set(public);
    }
    Ok(theme)
}

/// The widget columns `input` sets.
fn widget_changes(input: WidgetInput) -> user_widgets::ActiveModel {
    let mut widget = user_widgets::ActiveModel::default();
    if let Some(layout) = input.layout {
        widget.layout = Set(layout.0);
    }
    if let Some(config) = input.config {
        widget.config = Set(config.0);
    }
    if let Some(order) = input.sort_order {
        widget.sort_order = Set(order);
    }
    widget
}
