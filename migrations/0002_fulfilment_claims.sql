-- Fulfilment is claimed before it runs and marked done after: a claim that never finished (the
-- Worker was cut off, or fulfilOrder threw) is found and retried by the scheduled sweep.
ALTER TABLE orders ADD COLUMN fulfilment_claimed_at TEXT;  -- set when a request or the sweep starts fulfilment

-- The sweep's question: paid orders not yet fulfilled.
CREATE INDEX orders_unfulfilled ON orders (fulfilment_claimed_at) WHERE status = 'paid' AND fulfilled_at IS NULL;
