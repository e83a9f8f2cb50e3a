// @ts-check
/**
 * Money for people: an integer amount in the currency's minor unit, shown through
 * Intl.NumberFormat. The one formatter of the Worker (receipt), the page (bundled by esbuild) and
 * `npm run orders` (plain Node, which cannot load TypeScript): hence JavaScript with JSDoc types,
 * which TypeScript checks (allowJs, checkJs) like the rest of the code.
 */

/**
 * A currency formatter for a locale.
 * @param {string} locale a BCP 47 tag such as "de-DE"
 * @param {string} currency ISO 4217 code, any case
 * @returns {Intl.NumberFormat}
 */
export const currencyFormat = (locale, currency) =>
  new Intl.NumberFormat(locale, { style: 'currency', currency });

/**
 * Minor-unit digits of a formatter's currency: 2 for USD, 0 for JPY, 3 for KWD. resolvedOptions()
 * builds a new object on every call, so a caller that formats often keeps this with its formatter.
 * @param {Intl.NumberFormat} format from `currencyFormat`
 * @returns {number}
 */
export const fractionDigits = (format) => format.resolvedOptions().maximumFractionDigits ?? 2;

/**
 * Formats minor units with a currency formatter: 500 → "$5.00", 500 JPY → "￥500".
 * @param {Intl.NumberFormat} format from `currencyFormat`
 * @param {number} amount integer minor units
 * @param {number} [digits] `fractionDigits(format)`, if the caller kept it
 * @returns {string}
 */
export const formatWith = (format, amount, digits = fractionDigits(format)) =>
  format.format(amount / 10 ** digits);

/**
 * Formats an amount for a reader ("$5.00", "5,00 $").
 * @param {number} amount integer minor units (500 = $5.00)
 * @param {string} currency ISO 4217 code, any case
 * @param {string} locale a BCP 47 tag such as "de-DE"
 * @returns {string}
 */
export const formatMoney = (amount, currency, locale) =>
  formatWith(currencyFormat(locale, currency), amount);

/**
 * Reads an amount a person typed in the currency's major unit ("2.50", "2,50", "12"), exactly (no
 * floating point): integer minor units, or null when it is not an amount of that currency (more
 * decimals than it has, a sign, letters).
 * @param {string} text
 * @param {string} currency ISO 4217 code, any case
 * @returns {number | null}
 */
export const parseMoney = (text, currency) => {
  const digits = currencyFormat('en', currency).resolvedOptions().maximumFractionDigits ?? 2;
  const match = /^(\d{1,12})(?:[.,](\d+))?$/.exec(text.trim());
  if (!match || (match[2] ?? '').length > digits) return null;
  return Number(match[1]) * 10 ** digits + Number((match[2] ?? '').padEnd(digits, '0') || 0);
};
