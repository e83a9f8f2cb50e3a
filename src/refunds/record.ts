/**
 * Recording a refund Stripe made with its order: the refund's row and the order's status and
 * amount refunded, in one batch with the history row (ledger `transition`). The console records
 * its own refunds from Stripe's answer, the sweep those whose answer was lost, and the webhook
 * the rest (src/webhook/apply.ts).
 */
import type Stripe from 'stripe';
import { transition, type Cause, type Order, type PaymentFacts } from '../ledger';
import { refundStatements } from '../ledger/refunds';
import { refundStatus } from '../ledger/status';
import { factsFromRefund } from '../stripe/facts';

/**
 * Records `refund` (with its charge expanded, whose amount_refunded is the total refunded so far)
 * with `order`. The order as it now stands.
 */
export async function recordRefund(
  db: D1Database,
  order: Order,
  refund: Stripe.Refund,
  cause: Cause,
): Promise<Order> {
  const charge = typeof refund.charge === 'object' ? refund.charge : null;
  // Without the charge the total is unknown: charge.refunded brings it.
  const facts: PaymentFacts = charge
    ? {
        status: refundStatus(order.amount, charge.amount_refunded),
        amountRefunded: charge.amount_refunded,
      }
    : {};
  const result = await transition(db, order.id, facts, cause, {
    note: `refund ${refund.id}`,
    also: refundStatements(db, order.id, factsFromRefund(refund)),
  });
  return result?.order ?? order;
}
