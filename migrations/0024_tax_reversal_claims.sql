-- tax_reversal_claimed_at: the lease of the one Stripe Tax reversal in flight for an order
-- (src/ledger/tax.ts). While it is held, and not stale, no other caller claims a reversal: a refund
-- recorded meanwhile is reversed after it, by its holder or by the sweep. The claim also sets
-- tax_reversal_pending to the refunded total it reverses, so that a run cut off leaves that
-- reversal to be made again (the same key and amount) before any other.
ALTER TABLE orders ADD COLUMN tax_reversal_claimed_at TEXT;
