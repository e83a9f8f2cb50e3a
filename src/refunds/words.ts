/**
 * Why a refund failed, in the merchant's words: Stripe's `failure_reason` of a refund that failed
 * after it was made (the refund's `error`). Other errors (Stripe's refusal codes, `not_sent`) are
 * shown as they are.
 */
const FAILURE_WORDS: Record<string, string> = {
  expired_or_canceled_card: "The customer's card expired or was canceled",
  lost_or_stolen_card: "The customer's card was reported lost or stolen",
  declined: "The customer's bank declined it",
  insufficient_funds: 'Your Stripe balance could not cover it',
  charge_for_pending_refund_disputed: 'The customer disputed the payment',
  merchant_request: 'It was canceled at your request',
  unknown: 'Stripe could not say why',
};

/** Why Stripe failed a refund, in words; undefined for anything but a `failure_reason`. */
export function failureWords(reason: string): string | undefined {
  if (!Object.hasOwn(FAILURE_WORDS, reason)) return undefined;
  return `${FAILURE_WORDS[reason]}: the money is back in your Stripe balance; the customer was not refunded.`;
}

/** A refund's error as the console shows it. */
export function refundErrorWords(error: string | null): string | null {
  return error === null ? null : (failureWords(error) ?? error);
}
