/**
 * Finds English left on a page meant for another language: every customer-facing message of the
 * English catalogue (src/i18n) that the page's language writes differently, whole, or for a
 * message with parameters each of its longer fixed parts. Shared by the integration tests (the
 * HTML as served) and the browser tests (the page as shown, the payment form included).
 */
import { ENGLISH, negotiate, type Language, type MessageKey } from '../../src/i18n';
import { en } from '../../src/i18n/messages/en';

/** Parts of a message between its placeholders that say enough to be recognised (8+ characters). */
const MIN_FRAGMENT = 8;

/** The English texts a page in `language` must not contain, each with the message it comes from. */
export function englishTexts(language: Language): { key: MessageKey; text: string }[] {
  const reader = negotiate(undefined, language);
  return (Object.keys(en) as MessageKey[])
    .filter((key) => !/^(api|console)\./.test(key))
    .filter((key) => reader.t(key) !== ENGLISH.t(key))
    .flatMap((key) =>
      ENGLISH.t(key)
        .split(/\{[\w.-]+\}/)
        .map((part) => part.trim())
        .filter((part, _, parts) => parts.length === 1 || part.length >= MIN_FRAGMENT)
        .map((text) => ({ key, text })),
    );
}

/** The English catalogue texts found in `text` (a page's words), as "key: text". */
export function englishIn(text: string, language: Language): string[] {
  return englishTexts(language)
    .filter(({ text: english }) =>
      new RegExp(
        `(^|[^\\p{L}])${english.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`,
        'u',
      ).test(text),
    )
    .map(({ key, text: english }) => `${key}: ${english}`);
}

/** The words of an HTML page: its text without tags (the JSON of its script's messages included). */
export const wordsOf = (html: string) =>
  html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/[ \t\r\n]+/g, ' ');
