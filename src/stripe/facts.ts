/**
 * Turns what Stripe says about a payment into facts for the ledger. One mapping serves the
 * /charge response, the thank-you page's retrieve and webhook payloads.
 */
import type Stripe from 'stripe';
import type { PaymentFacts } from '../ledger';
import type { StripeRefundFacts } from '../ledger/refunds';
import { refundStatus, statusOfPaymentIntent } from '../ledger/status';
import { declineMessage } from './messages';

/** The charge when it was expanded (a webhook payload only carries its id). */
function expandedCharge(pi: Stripe.PaymentIntent): Stripe.Charge | undefined {
  return typeof pi.latest_charge === 'object' && pi.latest_charge !== null
    ? pi.latest_charge
    : undefined;
}

/**
 * Ledger facts from a PaymentIntent (with `latest_charge` expanded when card details are wanted;
 * then a succeeded payment's refunds count too: partially refunded, or refunded).
 */
export function factsFromPaymentIntent(pi: Stripe.PaymentIntent): PaymentFacts {
  const charge = expandedCharge(pi);
  const mirrored = statusOfPaymentIntent(pi);
  const status =
    mirrored === 'paid' && charge ? refundStatus(pi.amount, charge.amount_refunded) : mirrored;
  // Only the card that paid: after a decline, latest_charge may still be the declined card's.
  const card = charge?.status === 'succeeded' ? charge.payment_method_details?.card : undefined;
  const error = status === 'failed' ? pi.last_payment_error : null;
  return {
    status,
    paymentIntentId: pi.id,
    cardBrand: card?.brand ?? null,
    cardLast4: card?.last4 ?? null,
    amountRefunded: charge?.amount_refunded ?? 0,
    lastError: error ? declineMessage(error.code, error.decline_code) : null,
    declined: status === 'failed',
    // A card decline's own charge (an authentication failure has none): counted once by its id.
    declinedCharge: status === 'failed' ? (error?.charge ?? null) : null,
    clientSecret: pi.client_secret,
  };
}

const REFUND_STATUSES = ['pending', 'requires_action', 'succeeded', 'failed', 'canceled'] as const;

/**
 * Ledger facts from a refund: a status Stripe may add later counts as pending; `refund_id` is the
 * console's own id, which the console's refunds carry in their metadata.
 */
export function factsFromRefund(refund: Stripe.Refund): StripeRefundFacts {
  return {
    id: refund.id,
    amount: refund.amount,
    status: REFUND_STATUSES.find((known) => known === refund.status) ?? 'pending',
    reason: refund.reason ?? null,
    refundId: refund.metadata?.refund_id ?? null,
    failureReason: refund.failure_reason ?? null,
  };
}
