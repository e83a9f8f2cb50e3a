-- Stripe-hosted Checkout (issue 16, CHECKOUT_UI=hosted): an order paid on Stripe's page is linked
-- to its Checkout Session (cs_…) as soon as the Session is made, and to the Session's
-- PaymentIntent (payment_intent_id, as in the other mode) once the customer has paid.
-- checkout_session_expires_at (unix seconds) is chosen once, before the Session is created, so that
-- a repeated create (a double click, a lost answer) sends the same parameters under the same
-- idempotency key and Stripe replays the first Session; the sweep asks Stripe about Sessions past it.
ALTER TABLE orders ADD COLUMN checkout_session_id TEXT;
ALTER TABLE orders ADD COLUMN checkout_session_expires_at INTEGER;
CREATE UNIQUE INDEX orders_by_checkout_session ON orders (checkout_session_id)
  WHERE checkout_session_id IS NOT NULL;
