//! The marketplace operations: what each resolver asks for, done as the request's viewer
//! through its scope.

use super::*;

/// Most tags on one item.
pub(super) const MAX_ITEM_TAGS: usize = 20;

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
    let row = call_row::<marketplace_purchases::Model>(
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
pub(super) fn price(text: &str) -> Result<Decimal, ApiError> {
    write::decimal("price", text, 10, 2, true)
}

/// Checks an item's tags.
pub(super) fn item_tags(tags: Vec<String>) -> Result<Vec<String>, ApiError> {
    write::check_count("tags", &tags, MAX_ITEM_TAGS)?;
    for tag in &tags {
        write::check_length("tags", tag.trim(), 1, 50)?;
    }
    Ok(tags)
}

/// The theme columns `input` sets.
pub(super) fn theme_changes(input: ThemeInput) -> Result<themes::ActiveModel, ApiError> {
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
pub(super) fn widget_changes(input: WidgetInput) -> user_widgets::ActiveModel {
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
