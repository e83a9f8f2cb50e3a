/**
 * Money is an integer amount in minor units plus a currency; people see it through Intl.NumberFormat
 * (format.js, shared with the page and `npm run orders`).
 */
export { formatMoney, minorUnitDigits } from './format.js';

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
