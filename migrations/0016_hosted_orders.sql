-- hosted: 1 for an order of Stripe's hosted Checkout, set when its first Session's expiry is chosen
-- (before any Session is made) and never cleared. Such an order holds no redemption of its code in
-- the ledger (HOLDS_REDEMPTION, src/ledger/index.ts): Stripe's times_redeemed counts it. Before,
-- "no linked Session" stood for "not hosted", so a new attempt that forgot its Session counted the
-- code twice until the next Session was linked.
ALTER TABLE orders ADD COLUMN hosted INTEGER NOT NULL DEFAULT 0;
UPDATE orders SET hosted = 1
  WHERE checkout_session_id IS NOT NULL OR checkout_session_expires_at IS NOT NULL;
