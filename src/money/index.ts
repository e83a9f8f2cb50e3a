/**
 * Money is an integer amount in minor units plus a currency; people see it through Intl.NumberFormat
 * (format.js, shared with the page and `npm run orders`). The Worker adds what serving many
 * readers needs: formatters made once per isolate, and a fallback for a locale taken from a header.
 */
import { memo } from '../memo';
import { currencyFormat, formatWith, fractionDigits } from './format.js';

/** A formatter and its currency's minor-unit digits (read once: resolvedOptions() is not free). */
interface Formatter {
  format: Intl.NumberFormat;
  digits: number;
}

// Intl formatters are costly to build (tenths of a millisecond each): one per locale and currency.
const formatter = memo(100, (locale: string, currency: string): Formatter => {
  const format = currencyFormat(locale, currency);
  return { format, digits: fractionDigits(format) };
});

/** Number of minor-unit digits of a currency, as Intl knows it (2 for USD, 0 for JPY). */
export function minorUnitDigits(currency: string): number {
  return formatter('en', currency.toUpperCase()).digits;
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
  let cached: Formatter;
  try {
    cached = formatter(locale, code);
  } catch {
    cached = formatter('en-US', code);
  }
  return formatWith(cached.format, amount, cached.digits);
}
