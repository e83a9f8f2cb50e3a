/**
 * Recording a refund Stripe made with its order: the refund's row and the order's status and
 * amount refunded, in one batch with the history row (ledger `transition`). The console records
 * its own refunds from Stripe's answer, the sweep those whose answer was lost, and the webhook
 * the rest (src/webhook/apply.ts).
 */
import type Stripe from 'stripe';
import { transition, type Cause, type Order, type PaymentFacts } from '../ledger';
import { refundStatements } from '../ledger/refunds';
import { factsFromRefund } from '../stripe/facts';
import { refundNote } from './failed';
import { isUndone, refundedAsCharge } from './undone';

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
  // Without the charge the total is unknown: charge.refunded brings it. The charge came with the
  // refund, read now: if the refund failed or was canceled, its total is already the lower one.
  const facts: PaymentFacts = charge ? refundedAsCharge(order, charge, isUndone(refund)) : {};
  const refundFacts = factsFromRefund(refund);
  const result = await transition(db, order.id, facts, cause, {
    note: refundNote(refundFacts),
    also: refundStatements(db, order.id, refundFacts),
  });
  return result?.order ?? order;
}
