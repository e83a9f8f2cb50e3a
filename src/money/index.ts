/**
 * Money is an integer amount in minor units plus a currency; people see it through Intl.NumberFormat
 * (format.js, shared with the page and `npm run orders`). The Worker adds what serving many
 * readers needs: formatters made once per isolate, and a fallback for a locale taken from a header.
 */
import { currencyFormat, formatWith } from './format.js';

// Intl formatters are costly to build (tenths of a millisecond each), so each locale/currency pair
// is built once per isolate. The map is bounded: Accept-Language is client input.
const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let format = formatters.get(key);
  if (!format) {
    format = currencyFormat(locale, currency);
    if (formatters.size >= 100) formatters.clear();
    formatters.set(key, format);
  }
  return format;
}

/** Number of minor-unit digits of a currency, as Intl knows it (2 for USD, 0 for JPY). */
export function minorUnitDigits(currency: string): number {
  return formatter('en', currency.toUpperCase()).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * Formats an amount for a reader. An unknown or malformed locale falls back to English rather than
 * failing a receipt page.
 * @param amount integer minor units (500 = $5.00)
 * @param currency ISO 4217 code, any case
 * @param locale a BCP 47 tag such as "de-DE"
 */
export function formatMoney(amount: number, currency: string, locale = 'en-US'): string {
  const code = currency.toUpperCase();
  let format: Intl.NumberFormat;
  try {
    format = formatter(locale, code);
  } catch {
    format = formatter('en-US', code);
  }
  return formatWith(format, amount);
}

/** The reader's preferred locale from an Accept-Language header, or en-US. */
export function localeFrom(acceptLanguage: string | undefined | null): string {
  const first = acceptLanguage?.split(',')[0]?.split(';')[0]?.trim();
  if (!first || first === '*') return 'en-US';
  try {
    return Intl.getCanonicalLocales(first)[0] ?? 'en-US';
  } catch {
    return 'en-US';
  }
}
