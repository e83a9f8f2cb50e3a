-- admin_actions: the console's audit trail. Every action an admin takes in the console (a refund
-- asked for, fulfilment run again, an export of orders) with who took it (the email Cloudflare
-- Access verified), what it was, on which order, what came of it, and when; refusals included.
-- Rows are only ever added (src/ledger/admin-actions.ts), never changed, and kept.
CREATE TABLE admin_actions (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  admin_email TEXT NOT NULL,
  action      TEXT NOT NULL CHECK (action IN ('refund', 'fulfil', 'export')),
  order_id    TEXT,                 -- NULL for an export
  outcome     TEXT NOT NULL,        -- refunded, fulfilled, exported, or the refusal's code…
  details     TEXT NOT NULL,        -- JSON: amount, refund ids, dates… (see the action)
  request_id  TEXT NOT NULL         -- the request's log line
);

CREATE INDEX admin_actions_by_order ON admin_actions (order_id, id);
