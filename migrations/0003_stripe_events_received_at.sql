-- The cron forgets Stripe events older than 30 days (src/ledger): find them without a full scan.
CREATE INDEX stripe_events_by_received_at ON stripe_events (received_at);
