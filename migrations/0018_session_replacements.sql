-- replacing_session_id: the Checkout Session a click is expiring to replace it for a new attempt
-- (the customer chose another country), set before the expire is sent and cleared when the order
-- moves on (src/hosted/linked.ts). Should the expire's answer be lost (Stripe expired the Session,
-- the click never heard), the order would point at an expired Session: this says whose expire it
-- was, so that the next click or the sweep moves the order on instead of canceling it.
ALTER TABLE orders ADD COLUMN replacing_session_id TEXT;
