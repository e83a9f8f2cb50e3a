/**
 * A PaymentIntent cancel, sent once more under a key derived from its own after Stripe replayed a
 * 500 for that key. A cancel is state-idempotent: canceling a canceled PaymentIntent is refused
 * with `payment_intent_unexpected_state` and the PaymentIntent, which every caller reads as the
 * answer, so a second key can never do more than the first meant to. Without it, a 500 saved for
 * the key (the endpoint began, then failed) would answer every cancel of the checkout for a day.
 */
import { afterReplayKey, callStripe, type StripeBudget, type StripeCallOutcome } from './call';

/**
 * Sends `cancel` under `key`, retried like every Stripe write; on a replayed 500, under
 * afterReplayKey(key) (derived from the checkout, the same on every resend: its own retries share
 * it).
 */
export async function callCancel<T>(
  cancel: (idempotencyKey: string, options: { timeout: number }) => Promise<T>,
  key: string,
  budget: StripeBudget,
): Promise<StripeCallOutcome<T>> {
  const first = await callStripe((options) => cancel(key, options), budget);
  if (first.kind !== 'unknown' || !first.replayed) return first;
  return callStripe((options) => cancel(afterReplayKey(key), options), budget);
}
