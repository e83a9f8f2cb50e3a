/**
 * The checkout's abuse limits, set here and nowhere else (docs/security.md says how to tune them).
 * The limit and period of each Workers Rate Limiting binding live in wrangler.toml, which code
 * cannot read: the periods below must match it (they are sent as Retry-After).
 */

/** Period of CHARGE_IP_LIMITER and CHARGE_CHECKOUT_LIMITER (wrangler.toml: 10 or 60). */
export const RATE_LIMIT_PERIOD_SECONDS = 60;

/** Declined attempts one checkout may make before it is refused (card-testing defence). */
export const MAX_DECLINES_PER_CHECKOUT = 5;
