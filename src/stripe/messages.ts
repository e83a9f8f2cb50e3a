/**
 * What customers read when a payment does not go through: plain words, what to do next, and
 * whether they were charged. Lost, stolen and fraud declines read like a generic decline, as
 * Stripe advises, so that card testers learn nothing. The words are the catalogue's (src/i18n):
 * these functions choose the message.
 */
import { ENGLISH, type MessageKey } from '../i18n';

/** The decline and error codes with their own message (decline.<code> in src/i18n). */
const EXPLAINED = new Set([
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

/**
 * The same message in English, as the ledger keeps it (`last_error`: for the merchant's records;
 * the receipt writes it in the reader's language, see `keyOfEnglish`).
 */
export function declineMessage(code?: string | null, declineCode?: string | null): string {
  return ENGLISH.t(declineKey(code, declineCode));
}

/** Customer messages for failures that are not the card's. */
export const MESSAGES = {
  unavailable: 'error.unavailable',
  unknown: 'error.unknown',
  inProgress: 'error.inProgress',
  changed: 'error.changed',
  canceled: 'error.canceled',
  failed: 'error.failed',
  notConfigured: 'error.notConfigured',
  paymentMethod: 'error.paymentMethod',
  internal: 'error.internal',
} as const satisfies Record<string, MessageKey>;

let english: Map<string, MessageKey> | undefined;

/**
 * The catalogue message an English text of the ledger is (a decline's `last_error`), so that a
 * receipt can say it in its reader's language; undefined for any other text.
 */
export function keyOfEnglish(text: string): MessageKey | undefined {
  english ??= new Map(
    [...EXPLAINED, 'other'].map((code) => {
      const key = `decline.${code}` as MessageKey;
      return [ENGLISH.t(key), key];
    }),
  );
  return english.get(text);
}
