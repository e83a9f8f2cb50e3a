/**
 * A checkout being paid on our own page when CHECKOUT_UI switched to hosted (src/hosted/start.ts):
 * its order pending (a create whose answer was lost, a retry's confirm on its way) or awaiting
 * 3-D Secure. Stripe is asked, with POST /charge's own helpers, before anything is answered: a
 * "changed, not charged" makes the page start a new checkout, whose Session would charge the
 * customer a second time. So a PaymentIntent still waiting at the bank is canceled first, as for
 * a changed order on our own page (the customer left it to pay here): only then "not charged".
 */
import { stripeSays } from '../checkout/pay';
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
 * Stripe's word on an order of our own page (payingOnOwnPage), as POST /charge asks it for a
 * changed request (stripeSays): the full receipt only for the order's `own` request.
 */
export function ownPageOutcome(
  ctx: LinkedContext & { note: (fields: LogFields) => void },
  order: Order,
  own: boolean,
): Promise<HostedOutcome> {
  return stripeSays(ctx, ctx.stripe, ctx.budget, order, own);
}
