/**
 * The sweep's step for Stripe's hosted Checkout (CHECKOUT_UI=hosted): open orders whose Checkout
 * Session is past its expiry, or quiet for QUIET_MINUTES, are read from Stripe and recorded as
 * their Session says: paid (a completed event missed), canceled (expired, its event missed), or
 * still open, or moved on to their next attempt (a Session their click expired to replace it,
 * whose answer it lost). The events step catches most of these first; this one needs no event.
 */
import type { Order } from '../ledger';
import { retryOnce } from '../ledger/retry';
import { retrieveSession } from '../hosted/facts';
import { FREE_SESSION_REFUSED } from '../ledger/sessions';
import { nextAttempt } from '../hosted/linked';
import { mayRecord, recordSession, replacedByClick } from '../hosted/record';
import { sweepError, type SweepContext } from './context';
import { checked } from './state';
import { QUIET_MINUTES } from './verify';

/** Sessions read per run. */
const SESSION_ORDERS = 5;

/**
 * Open orders with a Session that is past its expiry, or quiet, and not checked lately; not one
 * whose free Session was refused (src/hosted/record.ts), which Stripe has nothing more to say of.
 */
async function dueOrders(db: D1Database, now: number): Promise<Order[]> {
  const select = db
    .prepare(
      `SELECT * FROM orders
       WHERE status IN ('pending', 'requires_action') AND checkout_session_id IS NOT NULL
         AND (checkout_session_expires_at < ?1
           OR updated_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?2))
         AND (reconciled_at IS NULL OR reconciled_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?2))
         AND last_error IS NOT ?4
       ORDER BY reconciled_at IS NOT NULL, reconciled_at, updated_at LIMIT ?3`,
    )
    .bind(now, `-${QUIET_MINUTES} minutes`, SESSION_ORDERS, FREE_SESSION_REFUSED);
  return (await retryOnce(() => select.all<Order>())).results;
}

/**
 * Brings due hosted orders up to date with their Sessions, within the run's budget. Each order on
 * its own, as the other steps do (verify.ts): one that throws (a D1 error after its retry, a bug
 * in its totals) is logged and counted, and the others are still read this run.
 */
export async function settleSessions(
  ctx: SweepContext,
  now: number = Math.floor(Date.now() / 1000),
): Promise<void> {
  for (const order of await dueOrders(ctx.env.DB, now)) {
    if (ctx.budget.attemptsLeft <= 0) break;
    try {
      await settleSession(ctx, order, now);
    } catch (error) {
      // The order's id and the error only: no Session id (in its page's address), no email.
      sweepError(ctx, `session ${order.id}`, error);
    }
  }
}

/**
 * Reads one due order's Session and records what it says. Marked checked however it ends, a
 * throw too: one that fails every time then waits its window behind the others, never first.
 */
async function settleSession(ctx: SweepContext, order: Order, now: number): Promise<void> {
  const db = ctx.env.DB;
  try {
    const found = await retrieveSession(ctx.stripe, order.checkout_session_id!, ctx.budget);
    // A read that failed is marked checked too, and read again after the window, not first in
    // every run: five Sessions Stripe does not have (keys of another account since) would hold
    // every other order back for good, and one that keeps timing out would spend every run's
    // calls. The events step still applies whatever Stripe sends of it meanwhile.
    if (found.kind !== 'ok') return sweepError(ctx, `session ${order.id}`, found.kind);
    // Expired by a click to replace it, whose answer was lost: the order's next attempt.
    if (replacedByClick(order, found.value)) await nextAttempt(db, order, found.value.id, now);
    else if (mayRecord(order, found.value, now)) {
      const cause = { source: 'sweep', job: 'verify' } as const;
      await recordSession(
        ctx.env,
        ctx.waitUntil,
        order,
        found.value,
        cause,
        async () => ctx.stripe,
      );
    }
    ctx.counts.orders_checked++;
  } finally {
    await checked(db, order.id);
  }
}
