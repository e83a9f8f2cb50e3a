-- return_url: where Stripe sends the customer back after 3-D Secure, fixed when the order opens (the
-- page's language, and the Checkout page or the receipt). Every attempt sends it, so that a resend
-- from a page in another language, or by form post, keeps its idempotency key's parameters the
-- same (Stripe refuses a key reused with others). Null for orders opened before: the request's.
ALTER TABLE orders ADD COLUMN return_url TEXT;
