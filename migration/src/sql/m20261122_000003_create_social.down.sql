-- Undo social: tables take their triggers, policies and indexes with them; the trigger
-- functions go afterwards.
-- Order follows the policies' references: likes -> comments -> posts/creations,
-- posts -> follows.
DROP TABLE public.media_assets;
DROP TABLE public.likes;
DROP TABLE public.comments;
DROP TABLE public.posts;
DROP TABLE public.creations;
DROP TABLE public.follows;

DROP FUNCTION public.creations_maintain_counts();
DROP FUNCTION public.follows_maintain_counts();
DROP FUNCTION public.comments_maintain_counts();
DROP FUNCTION public.likes_maintain_counts();
DROP FUNCTION public.comments_validate();
DROP FUNCTION public.creations_set_published_at();
