-- The receipt (GET /thank-you) asks Stripe about an open order at most once per
-- RECEIPT_CHECK_INTERVAL_MS (src/limits.ts), whoever views it: each view that may ask claims the
-- check with a conditional UPDATE of this time, and only the view that wins asks.
ALTER TABLE orders ADD COLUMN stripe_checked_at TEXT;  -- ISO 8601 UTC, from the Worker's clock
