-- attempt_started_at: when the order's current attempt began (a failed order reopened for a new
-- one, or a hosted order moved on to a new Session), ISO 8601 UTC. The webhook judges whether a
-- failure event is older than the attempt by it (src/webhook/apply.ts, countedBefore): updated_at
-- also moves for other reasons (an email saved, a redemption reclaimed) and misjudged it. Null for
-- an order's first attempt, and for attempts begun before this migration (then updated_at stands).
ALTER TABLE orders ADD COLUMN attempt_started_at TEXT;
