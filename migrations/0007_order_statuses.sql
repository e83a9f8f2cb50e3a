-- Refunds made from the console (and partial ones from anywhere) get statuses of their own:
-- `partially_refunded` and `refunded`, with `amount_refunded`. SQLite cannot change a CHECK
-- constraint in place, so the table is rebuilt (SQLite's documented 12-step way: a new table, the
-- rows copied, the old one dropped, the new one renamed); every column is kept as it was.
-- Fulfilment keeps its attempts, the last error and when the sweep may try again (src/fulfilment).
-- reconciled_at: when the cron's sweep last compared the order with Stripe (src/reconcile).
PRAGMA defer_foreign_keys = true;

CREATE TABLE orders_new (
  id                    TEXT PRIMARY KEY,
  checkout_id           TEXT NOT NULL UNIQUE,
  payment_intent_id     TEXT UNIQUE,
  product_id            TEXT NOT NULL,
  quantity              INTEGER NOT NULL CHECK (quantity >= 1),
  amount                INTEGER NOT NULL CHECK (amount > 0),
  currency              TEXT NOT NULL,
  email                 TEXT NOT NULL,
  status                TEXT NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'requires_action', 'paid', 'failed', 'canceled',
                                          'partially_refunded', 'refunded')),
  attempt               INTEGER NOT NULL DEFAULT 1,
  declines              INTEGER NOT NULL DEFAULT 0,
  amount_refunded       INTEGER NOT NULL DEFAULT 0 CHECK (amount_refunded >= 0),
  card_brand            TEXT,
  card_last4            TEXT,
  last_error            TEXT,
  fulfilled_at          TEXT,
  created_at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  fulfilment_claimed_at TEXT,
  stripe_checked_at     TEXT,
  receipt_token         TEXT,
  client_secret_hash    TEXT,
  fulfilment_attempts   INTEGER NOT NULL DEFAULT 0,  -- runs started (a run cut off counts too)
  fulfilment_error      TEXT,                        -- the last run's error, until one succeeds
  fulfilment_retry_at   TEXT,                        -- when the sweep may run it again (back-off)
  reconciled_at         TEXT                         -- when the sweep last checked it with Stripe
);

INSERT INTO orders_new (id, checkout_id, payment_intent_id, product_id, quantity, amount, currency,
  email, status, attempt, declines, amount_refunded, card_brand, card_last4, last_error,
  fulfilled_at, created_at, updated_at, fulfilment_claimed_at, stripe_checked_at, receipt_token,
  client_secret_hash)
SELECT id, checkout_id, payment_intent_id, product_id, quantity, amount, currency, email,
  -- before this migration a partial refund left the order `paid`
  CASE WHEN status = 'paid' AND amount_refunded > 0 THEN 'partially_refunded' ELSE status END,
  attempt, declines, amount_refunded, card_brand, card_last4, last_error, fulfilled_at, created_at,
  updated_at, fulfilment_claimed_at, stripe_checked_at, receipt_token, client_secret_hash
FROM orders;

DROP TABLE orders;
ALTER TABLE orders_new RENAME TO orders;

-- Newest first, with the id as tie-breaker: the console's pages and the CSV's (keyset cursors).
CREATE INDEX orders_by_created_at ON orders (created_at, id);
-- The fulfilment sweep's question: paid orders not yet fulfilled.
CREATE INDEX orders_unfulfilled ON orders (fulfilment_claimed_at)
  WHERE status IN ('paid', 'partially_refunded') AND fulfilled_at IS NULL;
-- The reconciliation sweep's: open orders (to link to their PaymentIntent, or to check).
CREATE INDEX orders_open ON orders (updated_at) WHERE status IN ('pending', 'requires_action');
