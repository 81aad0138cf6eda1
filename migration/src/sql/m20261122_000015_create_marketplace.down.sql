-- Undo marketplace and customization.
DROP TABLE public.user_widgets;
DROP TABLE public.themes;
DROP TABLE public.marketplace_reviews;
DROP FUNCTION public.purchase_marketplace_item(uuid);
DROP TABLE public.marketplace_purchases;
DROP TABLE public.marketplace_items;
DROP FUNCTION public.marketplace_reviews_aggregate();
DROP FUNCTION public.marketplace_purchases_count();
