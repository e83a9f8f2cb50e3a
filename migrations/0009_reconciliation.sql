-- The reconciliation sweep of the cron (src/reconcile): one row, where it is in Stripe's events and
-- what its last run did (shown in the console).
CREATE TABLE reconciliation (
  id                INTEGER PRIMARY KEY CHECK (id = 1),
  events_cursor     INTEGER,                  -- Unix time: events created before it were read
  resume_after      TEXT,                     -- an unfinished walk: the last event id it read
  resume_upper      INTEGER,                  -- and the Unix time that walk reads up to
  running_since     TEXT,                     -- a lease, so that two sweeps never run at once
  last_started_at   TEXT,
  last_finished_at  TEXT,
  events_read       INTEGER NOT NULL DEFAULT 0,
  events_applied    INTEGER NOT NULL DEFAULT 0,
  orders_linked     INTEGER NOT NULL DEFAULT 0,
  orders_checked    INTEGER NOT NULL DEFAULT 0,
  refunds_settled   INTEGER NOT NULL DEFAULT 0,
  errors            INTEGER NOT NULL DEFAULT 0,
  last_error        TEXT
);

INSERT INTO reconciliation (id) VALUES (1);

-- Orders whose state Stripe disagrees with, as the sweep last found them (it rechecks each one and
-- removes it once they agree).
CREATE TABLE order_disagreements (
  order_id        TEXT PRIMARY KEY,
  ledger_status   TEXT NOT NULL,
  stripe_status   TEXT NOT NULL,
  ledger_refunded INTEGER NOT NULL,
  stripe_refunded INTEGER NOT NULL,
  detail          TEXT NOT NULL,
  found_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  checked_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
