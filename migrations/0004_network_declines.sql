-- Declined payment attempts per client network (an IPv4 address, or an IPv6 /64), for the
-- card-testing caps of POST /charge (src/limits.ts): one row per decline, counted over the last
-- hour and the last 24 hours. The cron deletes rows older than 24 hours. A network that reaches a
-- cap is refused before Stripe, so it has at most the daily cap of rows (plus requests already on
-- their way): the table stays small, and both windows slide instead of resetting on the hour.
CREATE TABLE network_declines (
  network     TEXT NOT NULL,                -- src/middleware/rate-limit/network.ts
  declined_at TEXT NOT NULL                 -- ISO 8601 UTC, from the Worker's clock
);

CREATE INDEX network_declines_by_network ON network_declines (network, declined_at);
CREATE INDEX network_declines_by_time ON network_declines (declined_at);
