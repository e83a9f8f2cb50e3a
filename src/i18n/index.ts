/**
 * The customer's language: one message catalogue per locale (./messages/), the locale negotiated
 * per request (`negotiate`: `?lang=`, else Accept-Language, else English, and whether a link chose
 * it), and `Locale`, which writes a message in it. Pages, receipts and every customer-facing error
 * read their words here; the Checkout page's script gets its own (script.*): the page those it
 * needs before any chunk, in its customer's language, and each chunk its own in every language.
 */
// .js: bench/ and the browser tests type-check this file with Node's module resolution.
import { countryList } from './countries.js';
import { fillEach } from './compiled.js';
import { memo } from '../memo.js';
import { de } from './messages/de.js';
import { en } from './messages/en.js';
import { es } from './messages/es.js';
import { fr } from './messages/fr.js';

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
/** Keys read only by developers and the merchant's console: English in every locale. */
export type EnglishOnlyKey = Extract<MessageKey, `api.${string}` | `console.${string}`>;
/** What a locale translates: every message customers read. */
export type Translation = Omit<Messages, EnglishOnlyKey>;
/** The messages of the Checkout page's script (the page's data-* attributes, and its chunks'). */
export type ScriptKey = Extract<MessageKey, `script.${string}`>;

/** The languages with a catalogue; the first is the fallback. */
export const CATALOGUES = { en, de, fr, es } satisfies Record<string, Translation>;
export type Language = keyof typeof CATALOGUES;
export const LANGUAGES = Object.keys(CATALOGUES) as Language[];

const isLanguage = (value: string): value is Language => Object.hasOwn(CATALOGUES, value);

/** A message to be written in the reader's language: its key, and its parameters if any. */
export type Text = MessageKey | { key: MessageKey; params: Record<string, Param> };
/** A parameter: written as it is, or in the reader's language (a message, countries). */
export type Param = string | number | Ref | Countries;
/** A parameter that is itself a message (a sentence chosen by the caller). */
interface Ref {
  ref: Text;
}
/** A parameter naming countries (ISO 3166-1 alpha-2 codes), written as a list in the reader's words. */
interface Countries {
  countries: readonly string[];
}

export interface Locale {
  /** The catalogue's language. */
  language: Language;
  /** The BCP 47 tag for Intl (numbers, dates) and `<html lang>`: "de-CH" from Accept-Language. */
  tag: string;
  /** Writes a message: its parameters filled, `{common.…}` references written too. */
  t(text: Text): string;
  /**
   * True when a link chose it: a `?lang=` in another language than the request's Accept-Language
   * gives (`negotiate`). The links the Worker writes for this reader keep it (`keepingLanguage`).
   */
  byLink?: true;
}

const canonical = (tag: string): string | undefined => {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
};

function locale(language: Language, tag: string): Locale {
  const messages: Partial<Messages> = CATALOGUES[language];
  const write = (key: MessageKey, params: Record<string, Param> = {}): string => {
    const text = (value: Text) =>
      typeof value === 'string' ? write(value) : write(value.key, value.params);
    return fillEach(messages[key] ?? en[key], (name) => {
      const value = params[name];
      if (typeof value === 'object')
        return 'ref' in value ? text(value.ref) : countryList(value.countries, tag);
      if (value !== undefined) return value;
      return Object.hasOwn(en, name) ? write(name as MessageKey) : undefined;
    });
  };
  return {
    language,
    tag,
    t: (text) => (typeof text === 'string' ? write(text) : write(text.key, text.params)),
  };
}

/** English, for requests that carry no preference and for what is not said to a customer. */
export const ENGLISH = locale('en', 'en');

/** The locale of a tag ("de-CH" → German, as de-CH), or undefined when no catalogue speaks it. */
function supported(tag: string): Locale | undefined {
  const name = canonical(tag);
  const language = name?.split('-')[0]?.toLowerCase();
  return name && language && isLanguage(language) ? locale(language, name) : undefined;
}

/** The locale the browser asks for (its Accept-Language), else English. */
function browserLocale(acceptLanguage: string): Locale {
  const ranges = acceptLanguage
    .split(',')
    .slice(0, 20) // client input: a bounded number of ranges
    .map((part, index) => {
      const [range = '', ...rest] = part.trim().split(';');
      const q = rest.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { range: range.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter(({ range, q }) => range && range !== '*' && q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { range } of ranges) {
    const found = supported(range);
    if (found) return found;
  }
  return ENGLISH;
}

function negotiation(acceptLanguage: string, lang: string): Locale {
  const browser = browserLocale(acceptLanguage);
  const chosen = lang ? supported(lang) : undefined;
  if (!chosen) return browser;
  // A link chose it only when the browser, left to itself, would not: a German browser's page
  // whose requests say ?lang=de-DE did not. Without Accept-Language that is English, the default.
  return chosen.language === browser.language ? chosen : { ...chosen, byLink: true };
}

/**
 * The negotiation, once per isolate and pair of header and parameter: it costs 15–30 µs in Node
 * (Intl's canonical tags, a Locale built), and nearly every request sends one of a few browsers'
 * headers. Bounded, as client input: 256 pairs, none longer than a real header.
 * A Locale is never changed, so readers share it.
 */
const negotiated = memo(256, negotiation);
const MEMO_CHARS = 256;

/**
 * The reader's locale: `?lang=` when a catalogue speaks it (a link, or the page's requests, name
 * the language), else the first language of Accept-Language by weight that one does, else English.
 * `byLink` when `?lang=`'s language is not the one Accept-Language alone gives (English when it
 * gives none): the browser would not choose it again, so the links written for it keep `?lang=`.
 * The one place that decides it: the page's requests send the browser's own Accept-Language.
 * @param acceptLanguage the request's Accept-Language header
 * @param lang the `lang` query parameter
 */
export function negotiate(acceptLanguage = '', lang = ''): Locale {
  const decide = acceptLanguage.length + lang.length > MEMO_CHARS ? negotiation : negotiated;
  return decide(acceptLanguage, lang);
}

/** The base a path is read against, to keep it a path (never a link's origin). */
const PATHS = 'http://path.invalid';

/**
 * A link to a page of this checkout (an absolute URL, or a path such as "/?new") that leads to a
 * page in the reader's language. It carries `?lang=` only when a link chose the language
 * (`byLink`), which their browser's own Accept-Language does not give; a language the browser
 * negotiated it negotiates again there, so the link stays as it is. The one rule for every link
 * the Worker writes: error pages' and the receipt's ways back, the bank's return after 3-D Secure
 * and hosted Checkout's success and cancel URLs (the page's POST /charge says its language as
 * `?lang=`, with the browser's Accept-Language).
 */
export function keepingLanguage(url: string, reader: Locale): string {
  if (!reader.byLink) return url;
  const kept = new URL(url, PATHS);
  kept.searchParams.set('lang', reader.tag);
  kept.search = kept.search.replace(/=(?=&|$)/g, ''); // a flag stays one: "?new", not "?new="
  return kept.origin === PATHS ? kept.pathname + kept.search + kept.hash : kept.href;
}

/**
 * The messages that only one of the Checkout page's chunks (client/) uses: each chunk carries its
 * own, in every language (scripts/build-client.mjs), so that the page does not send them to every
 * customer.
 */
const CHUNK_MESSAGES = {
  // The cart once touched: Pay's label as it changes (with an amount, or the Worker's own without
  // one), "Try again", the discount's row. (The page's first state is the Worker's, in its words.)
  cart: ['script.pay', 'page.pay', 'script.tryAgain', 'script.discount'],
  // A kept checkout's rows, shown before it is priced: Pay's label without an amount, the Worker's.
  kept: ['page.pay'],
  // Its form is the Worker's (public/index.html's hosted section, in page.* words): a lost answer.
  hosted: ['script.noAnswer'],
  // The payment (its busy state, with an amount or without: "Paying {amount}…" emptied is no
  // sentence in German or French; an answer lost) and the bank's step, which a page back from the
  // bank (or reloaded after a lost answer) says too. "Not charged" is added to a refusal at Pay
  // that lacks it.
  pay: [
    'script.paying',
    'script.payingNoAmount',
    'script.bankNotDone',
    'script.bankOpen',
    'script.noAnswer',
    'script.paidElsewhere',
    'common.notCharged',
    // A card declined after the bank's step, in POST /charge's words for it
    // (src/stripe/decline-key.ts; a failed authentication is script.bankNotDone).
    'decline.generic_decline',
    'decline.insufficient_funds',
    'decline.expired_card',
    'decline.incorrect_cvc',
    'decline.invalid_cvc',
    'decline.processing_error',
    'decline.incorrect_number',
    'decline.invalid_number',
    'decline.invalid_expiry_month',
    'decline.invalid_expiry_year',
    'decline.other',
  ],
  // The promotion code's form, opened from the page's "Add promotion code".
  promo: ['page.code', 'script.apply', 'script.remove'],
  // With the page's words for the parts of the page the chunk makes (its summary rows, the rates).
  shipping: [
    'script.shipping',
    'script.addressFirst',
    'script.free',
    'page.shipping',
    'page.shippingMethod',
    // The tax rows in the receipt's words (src/receipt/summary.ts), so that the two agree.
    'receipt.tax',
    'receipt.taxIncluded',
  ],
} as const satisfies Record<string, readonly MessageKey[]>;
type Chunk = keyof typeof CHUNK_MESSAGES;

const inChunk = new Set<string>(Object.values(CHUNK_MESSAGES).flat());
const pick = (reader: Locale, keys: readonly MessageKey[]) =>
  Object.fromEntries(keys.map((key) => [key, reader.t(key)]));

/** The script's messages the page sends: those no chunk brings. */
type PageScriptKey = Exclude<ScriptKey, (typeof CHUNK_MESSAGES)[Chunk][number]>;

/** The Checkout page script's messages in a locale: only these are sent with the page. */
export function scriptMessages(reader: Locale): Pick<Messages, PageScriptKey> {
  const keys = Object.keys(en).filter(
    (key): key is PageScriptKey => key.startsWith('script.') && !inChunk.has(key),
  );
  return pick(reader, keys) as Pick<Messages, PageScriptKey>;
}

/** A chunk's messages in every language, by language (built into the chunk). */
export function chunkMessages(chunk: Chunk): Record<Language, Partial<Messages>> {
  const by = LANGUAGES.map((language) => [
    language,
    pick(locale(language, language), CHUNK_MESSAGES[chunk]),
  ]);
  return Object.fromEntries(by) as Record<Language, Partial<Messages>>;
}
