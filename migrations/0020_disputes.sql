-- disputes: each dispute of an order's payment (a chargeback its cardholder asked the bank for), as
-- Stripe's charge.dispute.* events tell it (src/ledger/disputes.ts). Events come in any order: a
-- row takes an event's state only if the dispute is not already closed by another (a closed one
-- never reopens) and the event is not older than the one it holds (event_at, then stage). The
-- order keeps its status: a disputed payment was still paid, but it can no longer be refunded.
CREATE TABLE disputes (
  id          TEXT PRIMARY KEY,                  -- Stripe's dp_…
  order_id    TEXT NOT NULL,
  status      TEXT NOT NULL,                     -- Stripe's: needs_response, under_review, won, lost…
  reason      TEXT NOT NULL,                     -- Stripe's: fraudulent, product_not_received…
  amount      INTEGER NOT NULL CHECK (amount >= 0),
  currency    TEXT NOT NULL,
  due_by      INTEGER,                           -- evidence deadline, Unix seconds (NULL: none)
  stage       INTEGER NOT NULL CHECK (stage IN (0, 1, 2)), -- 0 needs a response, 1 under review, 2 closed
  event_at    INTEGER NOT NULL,                  -- the `created` of the event it holds
  event_id    TEXT NOT NULL,                     -- that event
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE INDEX disputes_by_order ON disputes (order_id, event_at);
