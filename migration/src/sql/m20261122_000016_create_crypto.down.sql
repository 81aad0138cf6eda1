-- Undo crypto.
DROP TABLE public.crypto_transactions;
DROP TABLE public.wallets;
