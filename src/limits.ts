/**
 * The checkout's abuse limits, set here and nowhere else (docs/security.md says how to tune them).
 * The limit and period of each Workers Rate Limiting binding live in wrangler.toml, which code
 * cannot read: the periods below must match it (they are sent as Retry-After).
 */

/**
 * Period of CHARGE_IP_LIMITER, CHARGE_CHECKOUT_LIMITER and QUOTE_LIMITER (wrangler.toml: 10 or 60),
 * sent as Retry-After when they refuse. RECEIPT_LIMITER sends none (a limited check is skipped).
 */
export const RATE_LIMIT_PERIOD_SECONDS = 60;

/** Declined attempts one checkout may make before it is refused (card-testing defence). */
export const MAX_DECLINES_PER_CHECKOUT = 5;

/**
 * Declined attempts one client network (see IPV6_PREFIX_BITS) may make in the last hour, and in
 * the last 24 hours, before POST /charge refuses it before any Stripe call. A card tester needs a
 * new network every 10 cards; a household, an office or a carrier-grade NAT shares one network, and
 * a real customer rarely has more than two or three declines.
 */
export const NETWORK_DECLINES_PER_HOUR = 10;
export const NETWORK_DECLINES_PER_DAY = 25;

/**
 * How much of an IPv6 address names one client, in bits (1 to 128): every client limit counts an
 * IPv6 client by this prefix (src/middleware/rate-limit/network.ts). /64 is the smallest network
 * an ISP hands a subscriber; many hand out a /56 or /48, which a stricter shop can count as one.
 */
export const IPV6_PREFIX_BITS = 64;

/**
 * How often the receipt (GET /thank-you) may ask Stripe about one open order, whoever views it:
 * views in between show what the ledger knows (src/receipt/check.ts).
 */
export const RECEIPT_CHECK_INTERVAL_MS = 10_000;
