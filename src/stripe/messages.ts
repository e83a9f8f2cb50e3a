/**
 * What customers read when a payment does not go through: plain words, what to do next, and
 * whether they were charged. Lost, stolen and fraud declines read like a generic decline, as
 * Stripe advises, so that card testers learn nothing.
 */

const NOT_CHARGED = 'You have not been charged.';

const BY_CODE: Record<string, string> = {
  generic_decline: `Your card was declined. ${NOT_CHARGED} Try another card, or contact your bank.`,
  insufficient_funds: `Your card has insufficient funds. ${NOT_CHARGED} Try another card.`,
  card_declined: `Your card was declined. ${NOT_CHARGED} Try another card, or contact your bank.`,
  expired_card: `Your card has expired. ${NOT_CHARGED} Check the expiration date, or use another card.`,
  incorrect_cvc: `Your card's security code is incorrect. ${NOT_CHARGED} Check the 3 or 4 digit code and try again.`,
  invalid_cvc: `Your card's security code is invalid. ${NOT_CHARGED} Check the 3 or 4 digit code and try again.`,
  processing_error: `An error occurred while processing your card. ${NOT_CHARGED} Please try again in a moment.`,
  incorrect_number: `Your card number is incorrect. ${NOT_CHARGED} Check the number and try again.`,
  invalid_number: `Your card number is invalid. ${NOT_CHARGED} Check the number and try again.`,
  invalid_expiry_month: `Your card's expiration month is invalid. ${NOT_CHARGED}`,
  invalid_expiry_year: `Your card's expiration year is invalid. ${NOT_CHARGED}`,
  payment_intent_authentication_failure:
    `Your bank could not confirm it was you. ${NOT_CHARGED} ` + 'Try again, or use another card.',
};

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
export function declineMessage(code?: string | null, declineCode?: string | null): string {
  declineCode = publicDeclineCode(declineCode);
  return (
    (declineCode && BY_CODE[declineCode]) ||
    (code && BY_CODE[code]) ||
    `Your payment was not accepted. ${NOT_CHARGED} Try another card.`
  );
}

/** Customer messages for failures that are not the card's. */
export const MESSAGES = {
  unavailable: `We could not reach our payment provider. ${NOT_CHARGED} Please try again in a moment.`,
  unknown:
    'We could not confirm your payment: our payment provider did not give a clear answer. ' +
    'Trying again is safe: this checkout can never be charged twice. ' +
    'If the payment went through, you will receive an email receipt.',
  inProgress:
    'A payment for this checkout is already in progress. ' +
    'Please wait a moment and check your email for a receipt before trying again.',
  changed: 'This checkout was started for a different order. Please reload the page and try again.',
  canceled: `This checkout was canceled. ${NOT_CHARGED} Please reload the page to start again.`,
  failed: `Your payment did not go through. ${NOT_CHARGED}`,
  notConfigured: `Payments are not configured on this site yet. ${NOT_CHARGED}`,
  paymentMethod: `We could not use those card details. ${NOT_CHARGED} Please re-enter your card and try again.`,
  internal:
    'Something went wrong on our side. If your payment went through you will receive an email receipt; ' +
    'trying again is safe: this checkout can never be charged twice.',
} as const;
