/**
 * What the catalogues promise about a charge agrees with the server's `charged` flag: a message of
 * an answer that may have charged (`charged: "unknown"`) never says "not charged", one of a
 * `charged: false` answer that says so says it in every language, and every catalogue makes the
 * promises English makes, message for message.
 */
import { describe, expect, it } from 'vitest';
import { CATALOGUES, LANGUAGES, negotiate, type MessageKey } from '..';
import { MESSAGES } from '../../stripe/messages';
import { en } from './en';

/**
 * Answers that may have charged: POST /charge's `unknown` outcomes (src/checkout/answer.ts), an
 * unexpected error while paying (src/index.ts), and the page's lost answer.
 */
const MAY_HAVE_CHARGED: MessageKey[] = [
  MESSAGES.unknown,
  MESSAGES.inProgress,
  MESSAGES.internal,
  'script.noAnswer',
  'script.bankOpen',
];

/** Answers of `charged: false` whose words say so (a problem page adds it to the others). */
const NOT_CHARGED: MessageKey[] = [
  MESSAGES.unavailable,
  MESSAGES.canceled,
  MESSAGES.failed,
  MESSAGES.notConfigured,
  MESSAGES.paymentMethod,
  'error.tooManyDeclines',
  'error.authenticationRequired',
  'promo.withoutCode',
  'script.bankNotDone',
  'script.paidElsewhere',
  ...(Object.keys(en) as MessageKey[]).filter((key) => key.startsWith('decline.')),
];

const readers = LANGUAGES.map((language) => negotiate('', language));

describe('what the catalogues promise about a charge', () => {
  it('an answer that may have charged never says "not charged", and says retrying is safe', () => {
    for (const reader of readers)
      for (const key of MAY_HAVE_CHARGED) {
        const text = reader.t(key);
        expect(text, `${reader.language} ${key}`).not.toContain(reader.t('common.notCharged'));
        expect(text, `${reader.language} ${key}`).toContain(reader.t('common.retrySafe'));
      }
  });

  it('a not-charged answer says so, in every language', () => {
    for (const reader of readers)
      for (const key of NOT_CHARGED)
        expect(reader.t(key), `${reader.language} ${key}`).toContain(reader.t('common.notCharged'));
  });

  it('every catalogue makes the promises English makes, message for message', () => {
    const promises = (text: string | undefined) =>
      ['{common.notCharged}', '{common.retrySafe}'].filter((ref) => text?.includes(ref));
    for (const language of LANGUAGES) {
      const catalogue: Record<string, string> = CATALOGUES[language];
      for (const [key, text] of Object.entries(en)) {
        if (!Object.hasOwn(catalogue, key)) continue; // English-only (api.*, console.*)
        expect(promises(catalogue[key]), `${language} ${key}`).toEqual(promises(text));
      }
    }
  });
});
