//! Marketplace and customization (seed 000): items for sale, purchases (one per buyer and
//! item) paid with credits, buyers' reviews with rating aggregates, themes and dashboard
//! widgets. Reads come from the tables; purchases go through the database function
//! `purchase_marketplace_item`, which charges the buyer's credits in the same statement.

mod api;
mod operations;

pub use api::*;
pub use operations::*;

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

use switchyard_community::identity::Profile;
use switchyard_core::db::RequestScope;
use switchyard_core::graphql::error::ApiError;
use switchyard_core::graphql::filter::{
    BoolFilter, DateTimeFilter, EnumFilter, IntFilter, StringFilter, UuidFilter, contains_pattern,
};
use switchyard_core::graphql::loaders::RequestLoader;
use switchyard_core::graphql::ranked::{self, Ranked, RankedNode};
use switchyard_core::graphql::resolve::{call_row, loader, scope, viewer_id};
use switchyard_core::graphql::table::Table;
use switchyard_core::graphql::write;

switchyard_core::table! {
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

impl RankedNode for MarketplaceItem {
    const HIT_NAME: &'static str = "MarketplaceSearchHit";
}

switchyard_core::relations! {
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

switchyard_core::table! {
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

switchyard_core::relations! {
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

switchyard_core::table! {
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

switchyard_core::relations! {
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

switchyard_core::table! {
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

switchyard_core::relations! {
    Theme {
        to_one {
            /// Profile that made it.
            profile: Profile = user_id,
        }
        to_many {
        }
    }
}

switchyard_core::table! {
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

switchyard_core::relations! {
    UserWidget {
        to_one {
            /// Profile whose dashboard it is on.
            profile: Profile = user_id,
        }
        to_many {
        }
    }
}

switchyard_core::change_feeds! {
    /// Live changes of the viewer's dashboard.
    MarketplaceChanges owned {
        /// The widgets of the viewer's dashboard as they are added, arranged, configured
        /// and removed, from any device. With `after`, every change since that cursor comes
        /// first.
        user_widget_changes: UserWidget => UserWidgetChange;
    }
}

switchyard_core::root_fields! {
    /// By-id and list fields of the marketplace tables.
    MarketplaceQuery {
        marketplace_item, marketplace_items: MarketplaceItem;
        marketplace_purchase, marketplace_purchases: MarketplacePurchase;
        marketplace_review, marketplace_reviews: MarketplaceReview;
        theme, themes: Theme;
        user_widget, user_widgets: UserWidget;
    }
}
