-- The sweep's count of checkouts abandoned at 3-D Secure whose PaymentIntent it canceled
-- (src/reconcile/abandoned.ts), kept with its other figures of the last run.
ALTER TABLE reconciliation ADD COLUMN orders_canceled INTEGER NOT NULL DEFAULT 0;
