-- session_basis: what the current attempt's Checkout Session is built from besides the order (the
-- language of Stripe's page and of the products and rates it lists, the country it ships to, the
-- shop origin it returns to), as JSON with that attempt's number, fixed by the attempt's first
-- click (src/hosted/session.ts). Every create of the attempt sends the same parameters, so a click
-- from a page in another language after a lost answer replays Stripe's Session instead of an
-- idempotency_error that left the checkout "in progress" until its expiry. A new attempt takes the
-- request's. Null until a hosted order's first click after this migration: the request's.
ALTER TABLE orders ADD COLUMN session_basis TEXT;
