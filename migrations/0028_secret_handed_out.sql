-- secret_handed_out: 1 once the order's client secret was handed out, i.e. it reached
-- requires_action (set by the trigger below, in the statement that records that move), so that
-- a browser could confirm its PaymentIntent without POST /charge. Before, the sweep's capped step
-- (src/reconcile/capped.ts) asked the order's history for every order at the decline cap: its
-- index held the checkouts whose caps POST /charge reached itself too, which it read and skipped
-- on every run, 288 a day, more of them with each card tester the cap stopped.
ALTER TABLE orders ADD COLUMN secret_handed_out INTEGER NOT NULL DEFAULT 0;

-- Kept by the database from the history row of the move, not by the Worker's statement:
-- migrations apply before `wrangler deploy` replaces the Worker, and the Worker still running in
-- between records its moves to requires_action without knowing this column.
CREATE TRIGGER orders_secret_handed_out AFTER INSERT ON order_history
WHEN NEW.to_status = 'requires_action'
BEGIN
  UPDATE orders SET secret_handed_out = 1 WHERE id = NEW.order_id AND secret_handed_out = 0;
END;

-- Backfilled from the history, the only record of it so far (src/ledger/checkout-declines.ts).
UPDATE orders SET secret_handed_out = 1
WHERE EXISTS (SELECT 1 FROM order_history h
  WHERE h.order_id = orders.id AND h.to_status = 'requires_action');

-- src/reconcile/capped.ts, cappedOrders: only the capped checkouts whose PaymentIntent a client
-- secret could still confirm (test/integration/sweep-plans.test.ts checks that it is used).
DROP INDEX IF EXISTS orders_decline_capped;
CREATE INDEX orders_capped_secret ON orders (declines)
  WHERE status = 'failed' AND payment_intent_id IS NOT NULL AND hosted = 0
    AND secret_handed_out = 1;
