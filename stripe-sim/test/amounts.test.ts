import { describe, expect, it } from 'vitest';
import { formatAmount } from '../src/pages/layout';

describe("the simulator's pages", () => {
  // Stripe's decimals, not Intl's (none for HUF and ISK in Node's ICU, two for HUF in workerd's).
  it.each([
    [17500, 'jpy', 'en-US', '¥17,500'],
    [1099, 'usd', 'en-US', '$10.99'],
    [17550, 'huf', 'hu-HU', '175,50\u00a0Ft'],
    [12300, 'isk', 'en-US', 'ISK\u00a0123'],
    [1230, 'kwd', 'en-US', 'KWD\u00a01.230'],
  ])('show %i %s in %s as %s', (amount, currency, locale, text) => {
    expect(formatAmount(amount, currency, locale)).toBe(text);
  });
});
