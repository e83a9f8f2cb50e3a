-- The order ledger: one row per checkout attempt, linked to its Stripe PaymentIntent.
-- Money is integer minor units plus a currency. Times are ISO 8601 UTC strings.
CREATE TABLE orders (
  id                TEXT PRIMARY KEY,
  checkout_id       TEXT NOT NULL UNIQUE,          -- made by the page for this checkout; drives idempotency
  payment_intent_id TEXT UNIQUE,                   -- NULL until Stripe answers (or a webhook links it)
  product_id        TEXT NOT NULL,
  quantity          INTEGER NOT NULL CHECK (quantity >= 1),
  amount            INTEGER NOT NULL CHECK (amount > 0),
  currency          TEXT NOT NULL,
  email             TEXT NOT NULL,
  status            TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'requires_action', 'paid', 'failed', 'canceled', 'refunded')),
  attempt           INTEGER NOT NULL DEFAULT 1,    -- confirmation attempts started (idempotency key suffix)
  declines          INTEGER NOT NULL DEFAULT 0,    -- declined attempts (card-testing cap)
  amount_refunded   INTEGER NOT NULL DEFAULT 0,
  card_brand        TEXT,
  card_last4        TEXT,
  last_error        TEXT,                          -- the customer-facing reason of the last failure
  fulfilled_at      TEXT,                          -- set once fulfilment ran
  created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE INDEX orders_by_created_at ON orders (created_at);

-- Stripe events already applied, so that a redelivered event changes nothing.
CREATE TABLE stripe_events (
  id                TEXT PRIMARY KEY,
  type              TEXT NOT NULL,
  payment_intent_id TEXT,
  received_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
