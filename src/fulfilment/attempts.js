// @ts-check
/**
 * How often fulfilment is tried before an order needs a person: the Worker (src/fulfilment) and
 * the order's JSON (src/orders/view.js, which `npm run orders` shares) read these. Plain
 * JavaScript with checked types, like src/money/format.js.
 */

/** Runs of one order's fulfilment, the first included, before it stops and needs attention. */
export const FULFILMENT_MAX_ATTEMPTS = 5;

/**
 * A claim older than this is taken to be dead (a Worker has at most minutes after its response):
 * the sweep retries it while attempts are left; after the last one, it needs attention.
 */
export const STALE_CLAIM_MINUTES = 10;

/**
 * Minutes to wait after failed run number `attempt` (1-based) before the sweep tries again: 5, 15,
 * 45 then 135 minutes, so that the last attempt comes about 3 h 20 min after the first. Null when
 * that was the last attempt.
 * @param {number} attempt
 * @returns {number | null}
 */
export function fulfilmentBackoffMinutes(attempt) {
  return attempt >= FULFILMENT_MAX_ATTEMPTS ? null : 5 * 3 ** (attempt - 1);
}
