/**
 * Ends the PaymentIntent of a checkout that reached MAX_DECLINES_PER_CHECKOUT, so that its client
 * secret (handed to the page with `requires_action`) confirms nothing more: Stripe.js confirms
 * with the publishable key and that secret never pass POST /charge's card-testing defences. The
 * webhook cancels it when a decline brings the checkout to the cap; the sweep when that was lost
 * (src/reconcile/capped.ts). Stripe refuses to cancel a PaymentIntent that succeeded or is
 * processing (`payment_intent_unexpected_state`, with the PaymentIntent): a payment is never
 * canceled, and the caller records what Stripe says instead.
 */
import type Stripe from 'stripe';
import type { Order } from '../ledger';
import { MAX_DECLINES_PER_CHECKOUT } from '../limits';
import type { StripeBudget, StripeCallOutcome } from './call';
import { callCancel } from './cancel-call';

/** Whether an own-page checkout is at the decline cap with its PaymentIntent maybe still open. */
export const atDeclineCap = (order: Order): boolean =>
  order.status === 'failed' &&
  order.hosted === 0 &&
  order.payment_intent_id !== null &&
  order.declines >= MAX_DECLINES_PER_CHECKOUT;

/**
 * Cancels a capped checkout's PaymentIntent, as `fraudulent` (Stripe's reason for suspected
 * fraud; `abandoned` says the customer left, which card testing is not), under one key per
 * order: the webhook's and the sweep's cancel are one request at Stripe (after a 500 Stripe
 * replays for the key, one under a key derived from it: cancel-call.ts).
 */
export function cancelCapped(
  stripe: Stripe,
  order: Order,
  budget: StripeBudget,
): Promise<StripeCallOutcome<Stripe.PaymentIntent>> {
  return callCancel(
    (idempotencyKey, options) =>
      stripe.paymentIntents.cancel(
        order.payment_intent_id!,
        { cancellation_reason: 'fraudulent', expand: ['latest_charge'] },
        { idempotencyKey, ...options },
      ),
    `${order.id}/cancel/declines`,
    budget,
  );
}
