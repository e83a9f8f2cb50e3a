-- A receipt shows the customer's email, card and items only to the person who paid, who proves it
-- with either of these (src/receipt/proof.ts); without proof it shows the payment's status only.
-- receipt_token: made for each new order, handed by POST /charge to its own page in the receipt
--   link. Kept as is, so that a resend of the same checkout gets the same link; it guards nothing
--   but this row, which whoever reads it can read anyway. Orders from before have none.
-- client_secret_hash: SHA-256 (hex) of the PaymentIntent's client secret, which Stripe appends to
--   the 3-D Secure return URL (payment_intent_client_secret). Only a hash: the secret itself lets
--   its holder confirm the payment with Stripe.js, and is never stored.
ALTER TABLE orders ADD COLUMN receipt_token TEXT;
ALTER TABLE orders ADD COLUMN client_secret_hash TEXT;
