// @ts-check
/**
 * Money for people: an integer amount in Stripe's minor unit of its currency, shown through
 * Intl.NumberFormat. The one formatter of the Worker (receipt), the page (bundled by esbuild) and
 * `npm run orders` (plain Node, which cannot load TypeScript): hence JavaScript with JSDoc types,
 * which TypeScript checks (allowJs, checkJs) like the rest of the code.
 *
 * Stripe's minor units are not always Intl's: Intl gives HUF, ISK, IDR, COP… no decimals, Stripe
 * counts them in hundredths (17500 HUF is 175 Ft). So the digits come from Stripe's table below,
 * never from Intl (https://docs.stripe.com/currencies, "Minor units in API amounts").
 */

/**
 * Stripe's units of a currency, [exponent, step], where they are not two decimals in steps of 1:
 * the three-decimal currencies (whose amounts must end in 0), the "special cases" ISK and UGX,
 * which became zero-decimal but keep two decimals in the API in whole units (multiples of 100),
 * and the zero-decimal currencies. HUF and TWD are whole-unit only in payouts: their charges take
 * any two-decimal amount. Lists in strings: the table is in the page's script and the Worker.
 * @param {string} currency ISO 4217 code, any case
 * @returns {[exponent: number, step: number]}
 */
const units = (currency) => {
  const code = ` ${currency.toLowerCase()} `;
  if (' bhd jod kwd omr tnd '.includes(code)) return [3, 10];
  if (' isk ugx '.includes(code)) return [2, 100];
  return ' bif clp djf gnf jpy kmf krw mga pyg rwf vnd vuv xaf xof xpf '.includes(code)
    ? [0, 1]
    : [2, 1];
};

/**
 * Decimal digits of Stripe's amounts in a currency: 2 for USD, HUF and ISK, 0 for JPY, 3 for KWD.
 * @param {string} currency ISO 4217 code, any case
 * @returns {number}
 */
export const stripeExponent = (currency) => units(currency)[0];

/**
 * The step of Stripe's amounts in a currency (every amount a multiple of it): 10 for the
 * three-decimal currencies, 100 for ISK and UGX, 1 for every other.
 * @param {string} currency ISO 4217 code, any case
 * @returns {number}
 */
export const amountStep = (currency) => units(currency)[1];

/**
 * A currency formatter for a locale, in Stripe's digits, set explicitly: Intl's own digits differ
 * from Stripe's for HUF, IDR, COP… and between runtimes (workerd's ICU gives HUF two, Node's none),
 * so the page and its receipt would disagree. 17550 HUF reads "175,50 Ft", exactly what Stripe
 * charges (Intl's "176 Ft" would be a price nobody is charged), and so 17500 reads "175,00 Ft": one
 * form for every HUF amount of a page or receipt. ISK and UGX amounts are whole units: 12300 ISK
 * reads "ISK 123".
 * @param {string} locale a BCP 47 tag such as "de-DE"
 * @param {string} currency ISO 4217 code, any case
 * @returns {Intl.NumberFormat}
 */
export const currencyFormat = (locale, currency) => {
  const [exponent, step] = units(currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: step < 10 ** exponent ? exponent : 0,
    maximumFractionDigits: exponent,
  });
};

/**
 * Formats Stripe's minor units with a currency formatter: 500 USD → "$5.00", 500 JPY → "￥500".
 * @param {Intl.NumberFormat} format from `currencyFormat`
 * @param {number} amount integer minor units
 * @param {string} currency the formatter's currency
 * @returns {string}
 */
export const formatWith = (format, amount, currency) =>
  format.format(amount / 10 ** stripeExponent(currency));

/**
 * Formats an amount for a reader ("$5.00", "5,00 $").
 * @param {number} amount integer minor units (500 = $5.00)
 * @param {string} currency ISO 4217 code, any case
 * @param {string} locale a BCP 47 tag such as "de-DE"
 * @returns {string}
 */
export const formatMoney = (amount, currency, locale) =>
  formatWith(currencyFormat(locale, currency), amount, currency);

/**
 * A sign as a literal in a regular expression.
 * @param {string} char
 */
const literal = (char) => char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `text` with `locale`'s signs read: its groups of three joined, its decimal sign a point. A lone
 * `.` or `,` that is not the locale's decimal sign stays one ("2,50" from an en-US admin) unless
 * three digits follow it: "1.000" from an fr-FR admin (whose group is a space) could be a thousand
 * or one, which in a three-decimal currency is a refund 1000 times too small or large: null.
 * @param {string} text trimmed
 * @param {string} locale a BCP 47 tag
 * @returns {string | null}
 */
const delocalize = (text, locale) => {
  // A number every locale groups: es, it, pl and pt-PT group none below 10,000, and without a
  // group sign found here their decimal comma would be taken for one ("1,000" KWD read 1000).
  const parts = new Intl.NumberFormat(locale).formatToParts(1234567.5);
  const sign = (/** @type {string} */ type) => parts.find((part) => part.type === type)?.value;
  const decimal = sign('decimal') ?? '.';
  const group = sign('group') ?? ',';
  // fr-FR's group is a narrow no-break space: people type a space.
  const between = /\s/u.test(group) ? '\\s' : literal(group);
  const grouped = new RegExp(
    `^(\\d{1,3}(?:${between}\\d{3})+)(?:${literal(decimal)}(\\d+))?$`,
    'u',
  ).exec(text);
  if (grouped)
    return `${String(grouped[1]).replace(/\D/gu, '')}${grouped[2] ? `.${grouped[2]}` : ''}`;
  const lone = /^\d+([.,])(\d{3})$/u.exec(text);
  return lone && lone[1] !== decimal ? null : text.replace(decimal, '.');
};

/**
 * Reads an amount a person typed in the currency's major unit ("2.50", "2,50", "12"), exactly (no
 * floating point): integer minor units in Stripe's digits, or null when it is not an amount of
 * that currency (more decimals than Stripe counts, a sign, letters). Whether Stripe takes it is
 * `amountStep`'s to say (1.235 KWD is read, and is off the step). With the reader's `locale`, its
 * grouping is read too: "1,000" KWD is a thousand dinars in en-US, one in de-DE and es-ES, and
 * "1.000" is refused where neither sign is the group (fr-FR), rather than guessed.
 * @param {string} text
 * @param {string} currency ISO 4217 code, any case
 * @param {string} [locale] a BCP 47 tag such as "de-DE"; none: `.` and `,` are decimal signs
 * @returns {number | null}
 */
export const parseMoney = (text, currency, locale) => {
  const digits = stripeExponent(currency);
  const typed = locale ? delocalize(text.trim(), locale) : text.trim();
  const match = typed === null ? null : /^(\d{1,12})(?:[.,](\d+))?$/.exec(typed);
  if (!match || (match[2] ?? '').length > digits) return null;
  return Number(match[1]) * 10 ** digits + Number((match[2] ?? '').padEnd(digits, '0') || 0);
};
