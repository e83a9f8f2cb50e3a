// The performance budgets of the checkout, in one place: `npm run bench` checks all of them, the
// budget test (bench/budgets.test.ts) checks the deterministic ones (bundle, page weight). Timings
// are compared only as ratios measured in the same run, because the machines they run on are shared.

/**
 * Gzip (level 9) size of the deployed Worker (Hono, stripe-node as published, the app and its D1
 * code) over the floor's: a Worker that only imports Hono and stripe-node and creates one
 * PaymentIntent (bench/floor/), built in the same run. 1.6 since /admin verifies Cloudflare Access
 * tokens with jose (issue 15): its JWT and JWK code is about 7 KiB gzip (1.40× → 1.58×). 1.65 since
 * issue 10 (outcomes mapped to answers, bounded waits, Turnstile's idempotency key, the ledger's
 * D1 retry and event pruning): about 1.1 KiB gzip (1.58× → 1.61×).
 */
export const BUNDLE_FLOOR_RATIO = 1.65;

/** Checkout start-up time over the bare Hono worker's (`wrangler check startup`, medians). */
export const STARTUP_RATIO = 1.35;

/** workerd CPU per request of each checkout endpoint over the bare worker's GET /hello. */
export const CPU_RATIO = 1.5;

/**
 * First-party HTML + CSS + JS of the Checkout page, gzip -9, in bytes (3.2 KB; it was 3.0 KB until
 * the page bounded its waits: timeouts on /config and /charge, and a "Try again" state instead of
 * automatic resends, about 130 B).
 */
export const PAGE_GZIP_BYTES = 3_200;

/** Stripe API requests (secret key) the Worker makes per successful POST /charge. */
export const CHARGE_ROUND_TRIPS = 1;

/** Stripe API requests per thank-you view: at most 1, and none when the ledger knows the order is paid. */
export const THANK_YOU_ROUND_TRIPS = 1;
export const THANK_YOU_PAID_ROUND_TRIPS = 0;
