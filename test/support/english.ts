/**
 * Finds English left on a page meant for another language: every customer-facing message of the
 * English catalogue (src/i18n) that the page's language writes differently, whole, or for a
 * message with parameters each of its longer fixed parts. Shared by the integration tests (the
 * HTML as served) and the browser tests (the page as shown, the payment form included).
 */
// .js: the browser tests type-check this file with Node's module resolution.
import { ENGLISH, negotiate, type Language, type MessageKey } from '../../src/i18n/index.js';
import { en } from '../../src/i18n/messages/en.js';
import { countryName } from '../../src/i18n/countries.js';
import { SIM_MESSAGES, type SimMessageKey } from '../../stripe-sim/stripe-js/messages.js';
import { SHIPPING } from '../fixtures/shop/shipping.js';

/** Parts of a message between its placeholders that say enough to be recognised (8+ characters). */
const MIN_FRAGMENT = 8;

/** A message's parts that must not appear: all of it, or its longer parts between placeholders. */
const recognisable = (message: string) =>
  message
    .split(/\{[\w.-]+\}/)
    .map((part) => part.trim())
    .filter((part, _, parts) => parts.length === 1 || part.length >= MIN_FRAGMENT);

/**
 * The shop's English words that `language` says otherwise: the fixture's shipping rates named in
 * it, and the countries shipped to (named by Intl).
 */
function shopTexts(language: Language): { key: string; text: string }[] {
  const tag = negotiate(undefined, language).tag;
  const rates = SHIPPING.rates
    .filter((rate) => (rate.locales?.[language]?.name ?? rate.name) !== rate.name)
    .map((rate) => ({ key: `shipping rate ${rate.id}`, text: rate.name }));
  const countries = SHIPPING.countries
    .filter((code) => countryName(code, tag) !== countryName(code, 'en'))
    .map((code) => ({ key: `country ${code}`, text: countryName(code, 'en') }));
  return [...rates, ...countries];
}

/**
 * The English texts a page in `language` must not contain, each with the message it comes from:
 * the checkout's catalogue, the shop's rates and countries, and with `simulated` the simulated
 * Stripe.js's (its payment form).
 */
export function englishTexts(
  language: Language,
  simulated = false,
): { key: string; text: string }[] {
  const reader = negotiate(undefined, language);
  const checkout = (Object.keys(en) as MessageKey[])
    .filter((key) => !/^(api|console)\./.test(key))
    .filter((key) => reader.t(key) !== ENGLISH.t(key))
    .flatMap((key) => recognisable(ENGLISH.t(key)).map((text) => ({ key, text })));
  const form = simulated
    ? (Object.keys(SIM_MESSAGES.en) as SimMessageKey[])
        .filter((key) => SIM_MESSAGES[language][key] !== SIM_MESSAGES.en[key])
        .flatMap((key) =>
          recognisable(SIM_MESSAGES.en[key]).map((text) => ({ key: `stripe-js ${key}`, text })),
        )
    : [];
  return [...checkout, ...shopTexts(language), ...form];
}

/** The English catalogue texts found in `text` (a page's words), as "key: text". */
export function englishIn(text: string, language: Language, simulated = false): string[] {
  return englishTexts(language, simulated)
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
