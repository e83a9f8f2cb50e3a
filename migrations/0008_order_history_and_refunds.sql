-- order_history: every change of an order's status (and of what it has refunded, or of the
-- PaymentIntent it is linked to), written in the same D1 batch as the change itself (src/ledger),
-- with what caused it: a Stripe event (through the webhook or the sweep), a request (route and
-- request id), the sweep, or an admin (email) in the console.
CREATE TABLE order_history (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id        TEXT NOT NULL,
  at              TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  from_status     TEXT,                       -- NULL: the order was created
  to_status       TEXT NOT NULL,
  amount_refunded INTEGER NOT NULL DEFAULT 0, -- after the change
  source          TEXT NOT NULL CHECK (source IN ('request', 'webhook', 'sweep', 'admin')),
  event_id        TEXT,                       -- the Stripe event, when one caused it
  event_type      TEXT,
  route           TEXT,                       -- the request that caused it
  request_id      TEXT,
  admin_email     TEXT,                       -- the admin who did it, from Cloudflare Access
  note            TEXT                        -- what happened, in a few words
);

CREATE INDEX order_history_by_order ON order_history (order_id, id);

-- refunds: each refund of an order, made in the console (with the admin's Idempotency-Key) or
-- anywhere else (the Stripe Dashboard, the API), as Stripe's refund.* events tell. A console
-- refund is `requested` from before its Stripe call until Stripe answers: its amount is held, so
-- that concurrent refunds can never add up to more than was paid (src/ledger/refunds.ts).
CREATE TABLE refunds (
  id               TEXT PRIMARY KEY,
  order_id         TEXT NOT NULL,
  idempotency_key  TEXT,                      -- the console's Idempotency-Key header (NULL: not ours)
  amount           INTEGER NOT NULL CHECK (amount > 0),
  reason           TEXT,
  status           TEXT NOT NULL CHECK (status IN ('requested', 'pending', 'requires_action',
                                                   'succeeded', 'failed', 'canceled')),
  stripe_refund_id TEXT UNIQUE,
  admin_email      TEXT,
  error            TEXT,                      -- why Stripe refused it, for the console
  created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (order_id, idempotency_key)
);

CREATE INDEX refunds_by_order ON refunds (order_id, created_at);
CREATE INDEX refunds_requested ON refunds (created_at) WHERE status = 'requested';
