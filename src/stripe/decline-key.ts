/**
 * Which catalogue message (decline.<code> in src/i18n) a card's refusal reads as, by Stripe's
 * codes: POST /charge's 402 and the Checkout page's payment chunk (a refusal after the bank's
 * step, client/pay.ts) say the same words. The catalogue itself is not imported, so that the
 * chunk carries only the messages it says.
 */
import type { MessageKey } from '../i18n';

/** The decline and error codes with their own message (decline.<code> in src/i18n). */
export const EXPLAINED = new Set([
  'generic_decline',
  'insufficient_funds',
  'expired_card',
  'incorrect_cvc',
  'invalid_cvc',
  'processing_error',
  'incorrect_number',
  'invalid_number',
  'invalid_expiry_month',
  'invalid_expiry_year',
  'payment_intent_authentication_failure',
]);

/**
 * Decline codes that would tell a card tester what the issuer knows (the card is reported lost or
 * stolen, flagged for fraud...). Stripe advises showing them as a generic decline; the log line
 * keeps the real code for the merchant.
 */
const CONFIDENTIAL_DECLINES = new Set([
  'fraudulent',
  'lost_card',
  'stolen_card',
  'pickup_card',
  'restricted_card',
  'merchant_blacklist',
  'security_violation',
]);

/** The decline code a customer may see: confidential ones read `generic_decline`. */
export function publicDeclineCode(declineCode?: string | null): string | undefined {
  if (!declineCode) return undefined;
  return CONFIDENTIAL_DECLINES.has(declineCode) ? 'generic_decline' : declineCode;
}

/** The customer's message for a card error, by decline code first, then error code. */
export function declineKey(code?: string | null, declineCode?: string | null): MessageKey {
  declineCode = publicDeclineCode(declineCode);
  // A plain card_declined says no more than a generic decline.
  const known = [declineCode, code === 'card_declined' ? 'generic_decline' : code].find(
    (candidate) => candidate && EXPLAINED.has(candidate),
  );
  return known ? (`decline.${known}` as MessageKey) : 'decline.other';
}
