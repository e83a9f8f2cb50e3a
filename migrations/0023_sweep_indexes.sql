-- The 5-minute cron's questions, each answered from a partial index that holds only the orders it
-- may pick, in the order it picks them, so LIMIT stops the read: before, three of them scanned the
-- whole orders table and the others read every order with no PaymentIntent (hosted checkouts
-- canceled long ago included), sorting each time, 288 runs a day (D1 counts every row read).
-- SQLite uses a partial index only when the query repeats its WHERE terms word for word, and reads
-- in the index's order only when the ORDER BY is its columns: each index copies its query's terms,
-- and test/integration/sweep-plans.test.ts fails when a query and its index part.
-- A query whose terms include `payment_intent_id IS NULL` gets that column first: SQLite would
-- otherwise take the unique payment_intent_id index for it (one row, it assumes) and sort.

-- src/reconcile/abandoned.ts, abandonedOrders: own-page checkouts left at 3-D Secure.
CREATE INDEX orders_at_3ds ON orders (reconciled_at IS NOT NULL, reconciled_at, updated_at)
  WHERE status = 'requires_action' AND payment_intent_id IS NOT NULL AND hosted = 0;
-- src/reconcile/verify.ts, quietOpenOrders: open orders with a PaymentIntent.
CREATE INDEX orders_open_linked ON orders (reconciled_at IS NOT NULL, reconciled_at, updated_at)
  WHERE status IN ('pending', 'requires_action') AND payment_intent_id IS NOT NULL;
-- src/reconcile/sessions.ts, dueOrders: open orders with a Checkout Session.
CREATE INDEX orders_open_sessions ON orders (reconciled_at IS NOT NULL, reconciled_at, updated_at)
  WHERE status IN ('pending', 'requires_action') AND checkout_session_id IS NOT NULL;
-- src/reconcile/link.ts, orphans: own-page orders whose create never answered.
CREATE INDEX orders_orphaned ON orders (payment_intent_id, created_at)
  WHERE status = 'pending' AND payment_intent_id IS NULL AND hosted = 0;
-- src/ledger/sessions.ts, ABANDONED_ATTEMPT: hosted orders left with no Session.
CREATE INDEX orders_sessionless ON orders (payment_intent_id, updated_at, id)
  WHERE status = 'pending' AND hosted = 1 AND checkout_session_id IS NULL
    AND payment_intent_id IS NULL;
-- src/ledger/tax.ts, OWES_TAX: paid orders with a tax calculation. The rest of OWES_TAX depends on
-- the clock, which no index may, so this one holds every such order, settled ones included.
CREATE INDEX orders_taxed ON orders (updated_at)
  WHERE tax_calculation IS NOT NULL AND status IN ('paid', 'partially_refunded', 'refunded');
-- src/ledger/index.ts, claimUnfulfilled (the fulfilment retries the cron also runs).
CREATE INDEX orders_unfulfilled_by_update ON orders (updated_at)
  WHERE status IN ('paid', 'partially_refunded') AND fulfilled_at IS NULL;
