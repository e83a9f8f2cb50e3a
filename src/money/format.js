// @ts-check
/**
 * Formatting money for people: an integer amount in the currency's minor unit, through
 * Intl.NumberFormat. One module for the Worker (receipt), the page (bundled by esbuild) and
 * `npm run orders` (plain Node, which cannot load TypeScript): hence JavaScript with JSDoc types,
 * which TypeScript checks (allowJs, checkJs) like the rest of the code.
 */

// Intl formatters are costly to build (tenths of a millisecond each), so each locale/currency pair
// is built once per isolate. The map is bounded: a locale may come from client input.
/** @type {Map<string, Intl.NumberFormat>} */
const formatters = new Map();

/**
 * @param {string} locale
 * @param {string} currency ISO 4217 code, any case
 * @returns {Intl.NumberFormat}
 */
function formatter(locale, currency) {
  const key = `${locale}|${currency}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.NumberFormat(locale, { style: 'currency', currency });
    if (formatters.size >= 100) formatters.clear();
    formatters.set(key, cached);
  }
  return cached;
}

/**
 * The minor-unit digits of a currency formatter's currency, as Intl knows them.
 * @param {Intl.NumberFormat} format
 * @returns {number}
 */
const digits = (format) => format.resolvedOptions().maximumFractionDigits ?? 2;

/**
 * Number of minor-unit digits of a currency (2 for USD, 0 for JPY, 3 for KWD).
 * @param {string} currency ISO 4217 code, any case
 * @returns {number}
 */
export const minorUnitDigits = (currency) => digits(formatter('en', currency.toUpperCase()));

/**
 * Formats an amount for a reader ("$5.00", "5,00 $"). An unknown or malformed locale falls back to
 * English rather than failing a page.
 * @param {number} amount integer minor units (500 = $5.00)
 * @param {string} currency ISO 4217 code, any case
 * @param {string} [locale] a BCP 47 tag such as "de-DE" (default en-US)
 * @returns {string}
 */
export function formatMoney(amount, currency, locale = 'en-US') {
  const code = currency.toUpperCase();
  let format;
  try {
    format = formatter(locale, code);
  } catch {
    format = formatter('en-US', code);
  }
  return format.format(amount / 10 ** digits(format));
}
