/**
 * Ends the PaymentIntent of a checkout its customer left: waiting for 3-D Secure, or failed with a
 * client secret that could still pay it. The sweep cancels those quiet for an hour
 * (src/reconcile/abandoned.ts); POST /charge cancels one left at the bank at once when the
 * customer changes the order and pays again (src/checkout/pay.ts), so that the new order need not
 * wait for the sweep. Both send the same request under the same key, so the two are one cancel at
 * Stripe (after a 500 Stripe replays for the key, both go on under one key derived from it:
 * cancel-call.ts). Stripe refuses to cancel a PaymentIntent that succeeded or is processing
 * (`payment_intent_unexpected_state`, with the PaymentIntent): a payment is never canceled, and
 * the caller records what Stripe says instead.
 */
import type Stripe from 'stripe';
import type { Order } from '../ledger';
import type { StripeBudget, StripeCallOutcome } from './call';
import { callCancel } from './cancel-call';

/**
 * Which abandoned step a cancel ends, in its key: `cancel` at 3-D Secure, `cancel-failed` after a
 * decline (a failed order's attempt is already its next one, which may yet wait at the bank).
 */
export type AbandonedKey = 'cancel' | 'cancel-failed';

/**
 * Cancels the order's PaymentIntent `id` as `abandoned` (Stripe's reason for a customer who left),
 * under one key per order, step and attempt, retried like every Stripe write.
 */
export function cancelAbandonedIntent(
  stripe: Stripe,
  order: Order,
  id: string,
  step: AbandonedKey,
  budget: StripeBudget,
): Promise<StripeCallOutcome<Stripe.PaymentIntent>> {
  return callCancel(
    (idempotencyKey, options) =>
      stripe.paymentIntents.cancel(
        id,
        { cancellation_reason: 'abandoned', expand: ['latest_charge'] },
        { idempotencyKey, ...options },
      ),
    `${order.id}/${step}/${order.attempt}`,
    budget,
  );
}
