-- src/reconcile/abandoned.ts, ABANDONED's failed kind: own-page orders failed with a promotion code
-- whose client secret was handed out, which hold the code's redemption until the sweep cancels
-- their PaymentIntent. Only those: the index of 0028 (orders_capped_secret) also holds every
-- failed 3-D Secure checkout without a code, for good, which a run would read through 288 times
-- a day (test/integration/sweep-plans.test.ts).
CREATE INDEX orders_failed_with_code ON orders (reconciled_at IS NOT NULL, reconciled_at, updated_at)
  WHERE status = 'failed' AND secret_handed_out = 1 AND payment_intent_id IS NOT NULL
    AND hosted = 0 AND promotion_code_id IS NOT NULL;
