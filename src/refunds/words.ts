/**
 * Why a refund failed, in the merchant's words: Stripe's `failure_reason` of a refund that failed
 * after it was made (the refund's `error`). Other errors (Stripe's refusal codes, `not_sent`) are
 * shown as they are.
 */
const FAILURE_WORDS: Record<string, string> = {
  expired_or_canceled_card:
    "The customer's card has expired or was canceled, so the money came back to your Stripe " +
    'balance. The customer has not been refunded: refund again, or pay them back another way.',
  lost_or_stolen_card:
    "The customer's card was reported lost or stolen, so the money came back to your Stripe " +
    'balance. The customer has not been refunded: pay them back another way.',
  declined:
    "The customer's bank declined the refund, so the money came back to your Stripe balance. " +
    'The customer has not been refunded.',
  insufficient_funds:
    'Your Stripe balance could not cover the refund. The customer has not been refunded.',
  charge_for_pending_refund_disputed:
    'The customer disputed the payment while the refund was on its way; the dispute decides ' +
    'what they get back.',
  merchant_request: 'The refund was stopped at your request. The customer has not been refunded.',
  unknown: 'Stripe could not say why. The customer has not been refunded.',
};

/** Why Stripe failed a refund, in words; undefined for anything but a `failure_reason`. */
export const failureWords = (reason: string): string | undefined =>
  Object.hasOwn(FAILURE_WORDS, reason) ? FAILURE_WORDS[reason] : undefined;

/** A refund's error as the console shows it. */
export function refundErrorWords(error: string | null): string | null {
  return error === null ? null : (failureWords(error) ?? error);
}
