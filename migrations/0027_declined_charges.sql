-- The card declines an order has counted toward MAX_DECLINES_PER_CHECKOUT (src/limits.ts), by the
-- declined charge's id: POST /charge counts its own, and a decline Stripe reports only by webhook
-- (a confirm made from the browser with the PaymentIntent's client secret, which never passes
-- POST /charge) is counted once, whichever reads it first (src/ledger/checkout-declines.ts).
-- Rows go with their order's history; a few per checkout at most (the cap ends it).
CREATE TABLE declined_charges (
  charge_id TEXT PRIMARY KEY,               -- ch_… of the declined attempt
  order_id  TEXT NOT NULL
);

-- src/reconcile/capped.ts, cappedOrders: own-page checkouts at the decline cap whose PaymentIntent
-- is still open at Stripe (its client secret could confirm it).
CREATE INDEX orders_decline_capped ON orders (declines)
  WHERE status = 'failed' AND payment_intent_id IS NOT NULL AND hosted = 0;
