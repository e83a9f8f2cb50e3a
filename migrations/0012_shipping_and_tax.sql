-- Physical goods (issue 14): where an order is sent, for how much, and its tax by Stripe Tax.
-- shipping: JSON { "name", "address": { line1, line2, city, state, postal_code, country },
--   "rate", "rate_name" } (null: nothing to send). shipping_amount and tax_amount are the minor
--   units the order's amount includes for them (amount = lines' amounts + shipping + tax).
-- tax_calculation (taxcalc_…) and its expires_at (unix seconds): the calculation the order was
--   charged at; recalculated when it expires before a new attempt is charged.
-- tax_transaction (tax_…): what Stripe Tax recorded once the order was paid; claimed first with
--   tax_transaction_claimed_at, so that /charge, the receipt and the webhook record it once.
-- tax_reversed: the refunded amount (tax included) already reversed at Stripe Tax.
ALTER TABLE orders ADD COLUMN shipping TEXT CHECK (shipping IS NULL OR json_valid(shipping));
ALTER TABLE orders ADD COLUMN shipping_amount INTEGER NOT NULL DEFAULT 0 CHECK (shipping_amount >= 0);
ALTER TABLE orders ADD COLUMN tax_amount INTEGER NOT NULL DEFAULT 0 CHECK (tax_amount >= 0);
ALTER TABLE orders ADD COLUMN tax_calculation TEXT;
ALTER TABLE orders ADD COLUMN tax_calculation_expires_at INTEGER;
ALTER TABLE orders ADD COLUMN tax_transaction TEXT;
ALTER TABLE orders ADD COLUMN tax_transaction_claimed_at TEXT;
ALTER TABLE orders ADD COLUMN tax_reversed INTEGER NOT NULL DEFAULT 0 CHECK (tax_reversed >= 0);
