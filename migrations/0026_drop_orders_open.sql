-- orders_open (0007: open orders by updated_at) serves no query any more: 0023 gave each of the
-- sweep's questions about open orders an index of its own (orders_open_linked,
-- orders_open_sessions, orders_at_3ds, orders_orphaned), and every other reader of open orders
-- finds them by id. Kept, it was one more index to write with every pending order's change.
-- test/integration/sweep-plans.test.ts checks that the sweep's plans still use an index.
DROP INDEX IF EXISTS orders_open;
