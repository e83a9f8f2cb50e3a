/**
 * The sweep's step for checkouts at the decline cap (src/stripe/cancel-capped.ts): an own-page
 * order that failed MAX_DECLINES_PER_CHECKOUT times has its PaymentIntent canceled when the
 * webhook's cancel was lost or never came (the cap reached through POST /charge's own declines),
 * so that its client secret confirms nothing more. What Stripe answers is recorded as any answer
 * is: canceled ends the order; a PaymentIntent that succeeded or is processing is refused as
 * `payment_intent_unexpected_state`, and that state is recorded instead (never canceled).
 */
import type { Order } from '../ledger';
import { SECRET_HANDED_OUT_SQL } from '../ledger/checkout-declines';
import { retryOnce } from '../ledger/retry';
import { MAX_DECLINES_PER_CHECKOUT } from '../limits';
import { cancelCapped } from '../stripe/cancel-capped';
import { recordCancel } from './abandoned';
import { sweepError, type SweepContext } from './context';

/** Orders canceled per run at most (each one Stripe call). */
const CANCEL_ORDERS = 5;

/**
 * Own-page orders failed at the cap with a PaymentIntent whose client secret was handed out
 * (migrations/0028's index, which holds no other order): the others' PaymentIntents confirm only
 * through POST /charge, and the cap's card testers would fill any scan that read them too.
 */
async function cappedOrders(db: D1Database): Promise<Order[]> {
  const select = db
    .prepare(
      `SELECT o.* FROM orders o
       WHERE o.status = 'failed' AND o.payment_intent_id IS NOT NULL AND o.hosted = 0
         AND o.declines >= ?1 AND ${SECRET_HANDED_OUT_SQL}
       ORDER BY o.declines LIMIT ?2`,
    )
    .bind(MAX_DECLINES_PER_CHECKOUT, CANCEL_ORDERS);
  return (await retryOnce(() => select.all<Order>())).results;
}

/** Cancels what it can of the capped checkouts' PaymentIntents, within the run's budget. */
export async function cancelCappedCheckouts(ctx: SweepContext): Promise<void> {
  for (const order of await cappedOrders(ctx.env.DB)) {
    if (ctx.budget.attemptsLeft <= 0) break;
    try {
      const id = order.payment_intent_id!;
      const outcome = await cancelCapped(ctx.stripe, order, ctx.budget);
      await recordCancel(ctx, order, id, outcome, 'canceled at the decline cap');
    } catch (error) {
      sweepError(ctx, `cancel ${order.id}`, error);
    }
  }
}
