/**
 * What customers read when a payment does not go through: plain words, what to do next, and
 * whether they were charged. Lost, stolen and fraud declines read like a generic decline, as
 * Stripe advises, so that card testers learn nothing. The words are the catalogue's (src/i18n):
 * these functions choose the message.
 */
import { ENGLISH, type MessageKey } from '../i18n';
import { EXPLAINED, declineKey } from './decline-key';

export { declineKey, publicDeclineCode } from './decline-key';

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
