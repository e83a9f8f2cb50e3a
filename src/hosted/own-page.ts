/**
 * A checkout being paid on our own page when CHECKOUT_UI switched to hosted (src/hosted/start.ts):
 * its order pending (a create whose answer was lost, a retry's confirm on its way) or awaiting
 * 3-D Secure. Stripe is asked, with POST /charge's own helpers, before anything is answered: a
 * "changed, not charged" makes the page start a new checkout, whose Session would charge the
 * customer a second time.
 */
import { lostCreate, outcomeOf, readLinked, stripeMayBeAtWork } from '../checkout/pay';
import type { Order } from '../ledger';
import type { LogFields } from '../log';
import type { LinkedContext } from './linked';
import type { HostedOutcome } from './start';

/** Whether an order was opened on our own page and its payment there may not be over. */
export const payingOnOwnPage = (order: Order): boolean =>
  !order.hosted &&
  (order.return_url !== null || order.payment_intent_id !== null) &&
  (order.status === 'pending' || order.status === 'requires_action');

/**
 * Stripe's word on an order of our own page (payingOnOwnPage): charged or processing, its status
 * (the full receipt only for the order's `own` request, as settledOutcome says); awaiting 3-D
 * Secure, or a call of its attempt Stripe may still be at work on, in progress; Stripe not saying,
 * unknown; no payment for sure, the checkout changed (not charged), and the page starts anew.
 */
export async function ownPageOutcome(
  ctx: LinkedContext & { note: (fields: LogFields) => void },
  order: Order,
  own: boolean,
): Promise<HostedOutcome> {
  const linked = order.payment_intent_id;
  let outcome;
  if (linked === null) outcome = await lostCreate(ctx, ctx.stripe, ctx.budget, order);
  else {
    const read = await readLinked(ctx, ctx.stripe, ctx.budget, order, linked);
    if (!read) return { kind: 'unknown', reason: 'no_answer', order };
    outcome = outcomeOf(read.order, read.paymentIntent);
  }
  const current = outcome?.order ?? order;
  switch (outcome?.kind) {
    case 'charged':
    case 'processing':
      return { ...outcome, statusOnly: !own };
    case 'unknown':
      return outcome;
    case 'requires_action':
      return { kind: 'unknown', reason: 'in_progress', order: current };
    default:
      // The PaymentIntent reads no payment now: a retry's confirm still running may yet charge.
      if (linked !== null && stripeMayBeAtWork(order))
        return { kind: 'unknown', reason: 'in_progress', order: current };
      return { kind: 'not_charged', reason: 'checkout_changed', order: current };
  }
}
