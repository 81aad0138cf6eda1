-- Crypto (seed 000): wallets on Solana, Ethereum and Polygon with per-chain address
-- validation, and transactions with exact numeric amounts.

CREATE TABLE public.wallets (
    id         uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id    uuid        NOT NULL,
    chain      text        NOT NULL,
    address    text        NOT NULL,
    label      text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT wallets_pkey PRIMARY KEY (id),
    CONSTRAINT wallets_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT wallets_chain_check CHECK (chain IN ('solana', 'ethereum', 'polygon')),
    -- EVM chains: 0x + 20 bytes hex; Solana: a base58 32-byte key (32 to 44 characters).
    CONSTRAINT wallets_address_format CHECK (
        (chain IN ('ethereum', 'polygon') AND address ~ '^0x[0-9a-fA-F]{40}$')
        OR (chain = 'solana' AND address ~ '^[1-9A-HJ-NP-Za-km-z]{32,44}$')),
    CONSTRAINT wallets_label_length CHECK (char_length(label) <= 100),
    CONSTRAINT wallets_user_chain_address_key UNIQUE (user_id, chain, address)
);
COMMENT ON TABLE public.wallets IS 'A user''s blockchain addresses, validated per chain.';
CREATE INDEX wallets_created_at_idx ON public.wallets (created_at DESC);
CREATE TRIGGER wallets_set_updated_at BEFORE UPDATE ON public.wallets
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE public.crypto_transactions (
    id         uuid           NOT NULL DEFAULT gen_random_uuid(),
    user_id    uuid           NOT NULL,
    wallet_id  uuid           NOT NULL,
    kind       text           NOT NULL,
    amount     numeric(38,18) NOT NULL,
    asset      text           NOT NULL,
    tx_hash    text,
    status     text           NOT NULL DEFAULT 'pending',
    created_at timestamptz    NOT NULL DEFAULT now(),
    updated_at timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT crypto_transactions_pkey PRIMARY KEY (id),
    CONSTRAINT crypto_transactions_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT crypto_transactions_wallet_id_fkey FOREIGN KEY (wallet_id) REFERENCES public.wallets (id) ON DELETE CASCADE,
    CONSTRAINT crypto_transactions_kind_check CHECK (kind IN ('deposit', 'withdrawal', 'purchase')),
    CONSTRAINT crypto_transactions_status_check CHECK (status IN ('pending', 'confirmed', 'failed')),
    CONSTRAINT crypto_transactions_amount_positive CHECK (amount > 0),
    CONSTRAINT crypto_transactions_asset_format CHECK (asset ~ '^[A-Z0-9]{2,10}$'),
    CONSTRAINT crypto_transactions_wallet_tx_hash_key UNIQUE (wallet_id, tx_hash)
);
COMMENT ON TABLE public.crypto_transactions IS 'Deposits, withdrawals and purchases of a wallet; amounts are exact numerics.';
CREATE INDEX crypto_transactions_user_id_idx ON public.crypto_transactions (user_id);
CREATE INDEX crypto_transactions_created_at_idx ON public.crypto_transactions (created_at DESC);
CREATE TRIGGER crypto_transactions_set_updated_at BEFORE UPDATE ON public.crypto_transactions
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

GRANT ALL ON public.wallets, public.crypto_transactions TO service_role;
GRANT SELECT ON public.wallets, public.crypto_transactions TO anon, authenticated;
GRANT INSERT (id, user_id, chain, address, label), UPDATE (label), DELETE ON public.wallets TO authenticated;
GRANT INSERT (id, user_id, wallet_id, kind, amount, asset, tx_hash) ON public.crypto_transactions TO authenticated;

ALTER TABLE public.wallets ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.crypto_transactions ENABLE ROW LEVEL SECURITY;

CREATE POLICY wallets_all_own ON public.wallets
    FOR ALL TO authenticated USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id);
CREATE POLICY crypto_transactions_select_own ON public.crypto_transactions
    FOR SELECT TO authenticated USING (auth.uid() = user_id);
CREATE POLICY crypto_transactions_insert_own ON public.crypto_transactions
    FOR INSERT TO authenticated WITH CHECK (
        auth.uid() = user_id
        AND EXISTS (SELECT 1 FROM public.wallets w WHERE w.id = crypto_transactions.wallet_id));
