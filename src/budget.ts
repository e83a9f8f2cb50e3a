/**
 * How long one click on Pay may make the customer wait, and how many Stripe calls it may cost.
 * Every outbound call has a timeout, set here and nowhere else; the page imports this module too.
 *
 * One click is one POST /charge: the page never resends on its own. When the outcome is unknown it
 * says so and offers "Try again", which is a new click (the same request, which Stripe replays).
 * Within one POST /charge, every payment call (retrieve, create, confirm) draws on one budget of
 * STRIPE_ATTEMPTS (see stripe/call.ts), so one click makes at most 1 × 3 = 3 payment calls.
 *
 * Looking up a promotion code the isolate has not cached is two reads (the code, its coupon) that
 * move no money: they have a budget of their own (CODE_LOOKUP_CALLS, never retried, a shorter
 * timeout), and a request that made them leaves the payment PAYMENT_ATTEMPTS_AFTER_LOOKUP calls,
 * so that the PaymentIntent create can still be retried once and the bound below holds. A Stripe
 * Tax calculation is one of the payment calls (it draws on STRIPE_ATTEMPTS, or on the two left
 * after a lookup), never on the lookup's reads.
 *
 * The Worker's worst case, every outbound call timing out:
 *   siteverify  SITEVERIFY_ATTEMPTS × SITEVERIFY_TIMEOUT_MS      2 × 1.5 s   =  3 s
 *   Stripe      STRIPE_ATTEMPTS × STRIPE_TIMEOUT_MS              3 × 4 s     = 12 s
 *   back-off    (STRIPE_ATTEMPTS − 1) × STRIPE_MAX_BACKOFF_MS    2 × 1 s     =  2 s
 *                                                                              = 17 s
 * or, with a code lookup: 3 s + 2 × 2.5 s + 2 × 4 s + 1 × 1 s = 17 s.
 * The page waits CHARGE_TIMEOUT_MS = 20 s, 3 s more for D1, CPU and the way back to the customer;
 * if no answer came by then, it tells the customer the outcome is unknown and that trying again is
 * safe. Either way the customer has an answer within 20 s.
 */

/** Payment calls to Stripe one POST /charge (one click) may make, retries included. */
export const STRIPE_ATTEMPTS = 3;
/** Stripe reads of one uncached promotion code lookup (the code, then its coupon): not retried. */
export const CODE_LOOKUP_CALLS = 2;
/** Timeout of each code lookup read: a list or a retrieve, answered in well under a second. */
export const CODE_LOOKUP_TIMEOUT_MS = 2_500;
/** Payment calls left to a request that looked a code up: the create and one retry. */
export const PAYMENT_ATTEMPTS_AFTER_LOOKUP = 2;
/**
 * Stripe calls one receipt view (GET /thank-you) may make: one, never retried, because each view
 * is only one of many (src/receipt/check.ts); the page refreshes and a later view asks again.
 */
export const RECEIPT_STRIPE_ATTEMPTS = 1;
/** Timeout of one Stripe call. Stripe answers a PaymentIntent confirmation in about a second. */
export const STRIPE_TIMEOUT_MS = 4_000;
/** First back-off between Stripe attempts (doubled, full jitter). */
export const STRIPE_BACKOFF_BASE_MS = 250;
/** Longest wait between Stripe attempts, a Retry-After header included. */
export const STRIPE_MAX_BACKOFF_MS = 1_000;

/** Turnstile siteverify: a retry carries the same idempotency_key, so it cannot spend the token. */
export const SITEVERIFY_ATTEMPTS = 2;
export const SITEVERIFY_TIMEOUT_MS = 1_500;

/** How long the page waits for POST /charge before it says the outcome is unknown. */
export const CHARGE_TIMEOUT_MS = 20_000;
/** How long the page waits for GET /config before it says the form could not load. */
export const CONFIG_TIMEOUT_MS = 10_000;

/** POST /charge requests the page sends for one click on Pay. */
export const PAGE_SENDS_PER_CLICK = 1;

/** The Worker's longest possible wait on outbound calls for one POST /charge, in ms. */
export function workerWorstCaseMs(): number {
  const payment = (attempts: number) =>
    attempts * STRIPE_TIMEOUT_MS + (attempts - 1) * STRIPE_MAX_BACKOFF_MS;
  return (
    SITEVERIFY_ATTEMPTS * SITEVERIFY_TIMEOUT_MS +
    Math.max(
      payment(STRIPE_ATTEMPTS),
      CODE_LOOKUP_CALLS * CODE_LOOKUP_TIMEOUT_MS + payment(PAYMENT_ATTEMPTS_AFTER_LOOKUP),
    )
  );
}

/** The most payment calls to Stripe one click on Pay can cause. */
export function stripeCallsPerClick(): number {
  return PAGE_SENDS_PER_CLICK * STRIPE_ATTEMPTS;
}

/** The most Stripe calls of any kind one click can cause: a code lookup's reads included. */
export function stripeRequestsPerClick(): number {
  return (
    PAGE_SENDS_PER_CLICK *
    Math.max(STRIPE_ATTEMPTS, CODE_LOOKUP_CALLS + PAYMENT_ATTEMPTS_AFTER_LOOKUP)
  );
}
