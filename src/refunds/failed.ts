/**
 * A refund that failed at Stripe (the customer's card expired or was canceled, say) or was
 * canceled (src/refunds/undone.ts): Stripe sets the refund's status to `failed` with a
 * `failure_reason` (or `canceled`), returns its amount to the shop's balance and lowers the
 * charge's `amount_refunded`. The order is then only as refunded as the charge now says, read from
 * Stripe: events arrive in any order, so a payload's total may be older than the failure. The
 * ledger takes that total as it is, lower or not, along the state machine's one way back
 * (src/ledger/status.ts REFUND_FAILED_BACK), and the console can refund again.
 *
 * Stripe Tax: a reversal recorded for the failed refund stands (Stripe Tax has no way to undo a
 * reversal). The order keeps `tax_reversed`, so the next refund reverses only what goes beyond it.
 */
import type Stripe from 'stripe';
import { orderRefunds, type StripeRefundFacts } from '../ledger/refunds';
import { callStripe, type StripeBudget, type StripeCallOutcome } from '../stripe/call';
import { isUndone } from './undone';

/** A charge as Stripe has it now (its `amount_refunded`), retried like every Stripe call. */
export function retrieveCharge(
  stripe: Stripe,
  id: string,
  budget: StripeBudget,
): Promise<StripeCallOutcome<Stripe.Charge>> {
  return callStripe((options) => stripe.charges.retrieve(id, {}, options), budget);
}

/**
 * Whether Stripe failed or canceled one of the order's refunds: then a charge's total in an event
 * may predate it, and is read from Stripe instead.
 */
export async function hasFailedRefund(db: D1Database, orderId: string): Promise<boolean> {
  const refunds = await orderRefunds(db, orderId);
  return refunds.some((refund) => isUndone(refund) && refund.stripe_refund_id !== null);
}

/** The history row's note for a refund: its id and status, and why it failed. */
export function refundNote(refund: Pick<StripeRefundFacts, 'id' | 'status' | 'failureReason'>) {
  const why = isUndone(refund) && refund.failureReason ? `: ${refund.failureReason}` : '';
  return `refund ${refund.id} ${refund.status}${why}`;
}
