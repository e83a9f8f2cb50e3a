-- Stripe Tax's records, retried (src/tax/transaction.ts, src/reconcile/tax.ts):
-- tax_reversal_pending: the refunded total of a reversal whose answer was lost. It is made again,
--   under its own key and with its own amount (Stripe replays it if it was made), before any later
--   refund is reversed, so that no amount is reversed twice.
-- tax_retry_at: when the sweep may try again to record an order's transaction or reversal after
--   Stripe Tax refused or did not answer (an hour on), so that one order cannot take every run.
-- tax_records: the sweep's count of orders whose Stripe Tax records it brought up to date.
ALTER TABLE orders ADD COLUMN tax_reversal_pending INTEGER;
ALTER TABLE orders ADD COLUMN tax_retry_at TEXT;
ALTER TABLE reconciliation ADD COLUMN tax_records INTEGER NOT NULL DEFAULT 0;
