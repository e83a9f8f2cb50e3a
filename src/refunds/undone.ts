/**
 * A refund that gave nothing back: `failed` (Stripe failed it after it was made: the card expired
 * or was canceled) or `canceled` (canceled before it went out, as a refund awaiting the customer's
 * action can be). Stripe returns its amount to the shop's balance and lowers the charge's
 * `amount_refunded`, so the customer was not refunded, and wherever the ledger derives how far an
 * order is refunded it counts as neither refunded nor on its way: the charge's word is taken.
 */
import type Stripe from 'stripe';
import type { Order, PaymentFacts } from '../ledger';
import { refundStatus } from '../ledger/status';

/** Whether a refund (Stripe's, or the ledger's row) gave nothing back: failed or canceled. */
export function isUndone(refund: { status: string | null }): boolean {
  return refund.status === 'failed' || refund.status === 'canceled';
}

/**
 * An order as refunded as its charge says (its `amount_refunded`, read with the refund or from
 * Stripe). `undone`: one of its refunds failed or was canceled, so the total may be lower than the
 * ledger's, and is taken as it is along the state machine's one way back (REFUND_FAILED_BACK).
 */
export function refundedAsCharge(
  order: Pick<Order, 'amount'>,
  charge: Pick<Stripe.Charge, 'amount_refunded'>,
  undone: boolean,
): PaymentFacts {
  return {
    status: refundStatus(order.amount, charge.amount_refunded),
    amountRefunded: charge.amount_refunded,
    ...(undone && { refundFailed: true as const }),
  };
}
