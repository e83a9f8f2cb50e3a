-- tax_transaction_unknown_at: when Stripe Tax answered that an order's transaction exists (its
-- reference, the order id, is taken) but its id was never learned: the first answer was lost and
-- Stripe forgot the idempotency key after 24 hours, and Stripe Tax cannot be asked for a
-- transaction by reference. The order is not sent again (that looped for ever); its refunds
-- cannot be reversed until an operator records the id found in the Dashboard (docs/shipping-and-tax.md).
ALTER TABLE orders ADD COLUMN tax_transaction_unknown_at TEXT;
