/**
 * Money is an integer amount in Stripe's minor units plus a currency; people see it through
 * Intl.NumberFormat (format.js, shared with the page and `npm run orders`). The Worker adds what
 * serving many readers needs: formatters made once per isolate, and a fallback for a locale taken
 * from a header.
 */
import { memo } from '../memo';
import { currencyFormat, formatWith } from './format.js';

// Intl formatters are costly to build (tenths of a millisecond each): one per locale and currency.
const formatter = memo(100, currencyFormat);

/**
 * Formats an amount for a reader. An unknown or malformed locale falls back to English rather than
 * failing a receipt page.
 * @param amount integer minor units (500 = $5.00)
 * @param currency ISO 4217 code, any case
 * @param locale a BCP 47 tag such as "de-DE"
 */
export function formatMoney(amount: number, currency: string, locale = 'en-US'): string {
  const code = currency.toUpperCase();
  let cached;
  try {
    cached = formatter(locale, code);
  } catch {
    cached = formatter('en-US', code);
  }
  return formatWith(cached, amount, code);
}
