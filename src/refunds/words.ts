/**
 * Why a refund failed, in the merchant's words: Stripe's `failure_reason` of a refund that failed
 * after it was made, or why it was never made (a refusal code of src/refunds/codes.ts, stored as
 * the refund's `error`). The console's answer to a refusal (src/refunds/make.ts) and its refunds
 * table (src/admin/orders/detail.ts) both say it in these words: one wording, not two.
 */
import type { RefusalCode } from './codes';

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

const REFUSAL_WORDS: Record<RefusalCode, string> = {
  amount_too_large: 'Stripe refused this refund: it is more than what remains to refund.',
  refund_refused: 'Stripe refused this refund.',
  stripe_unavailable: 'Stripe is busy and refused every attempt. Nothing was refunded; try again.',
  not_configured: 'Stripe refused the shop’s secret key. Nothing was refunded.',
  not_sent: 'This refund never reached Stripe, so nothing was refunded. Ask for it again.',
};

const isRefusal = (code: string): code is RefusalCode => Object.hasOwn(REFUSAL_WORDS, code);

/**
 * The code and words of a stored refusal (`code`, or `refund_refused: Stripe's message`); any
 * other code reads as Stripe's refusal.
 */
export function refusalOf(stored: string): { code: RefusalCode; message: string } {
  const [code = '', ...rest] = stored.split(': ');
  const known = isRefusal(code) ? code : 'refund_refused';
  const message = rest.length
    ? `Stripe refused this refund: ${rest.join(': ')}`
    : REFUSAL_WORDS[known];
  return { code: known, message };
}

/** A refund's error as the console shows it: an unknown one (a new failure_reason) as it is. */
export function refundErrorWords(error: string | null): string | null {
  if (error === null) return null;
  return isRefusal(error.split(':')[0]!)
    ? refusalOf(error).message
    : (failureWords(error) ?? error);
}
