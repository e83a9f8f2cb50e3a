import { describe, expect, it } from 'vitest';
import { formatMoney } from '.';
import { exponentOf, stepOf } from '../../stripe-sim/src/amounts';
import { CURRENCIES as SIM_CURRENCIES } from '../../stripe-sim/src/currencies';
import { STRIPE_CURRENCIES } from './currencies';
import { minimumCharge } from './stripe-limits';
import { amountStep, formatMoney as formatPlain, parseMoney, stripeExponent } from './format.js';

describe('formatMoney', () => {
  it('formats minor units for the reader', () => {
    expect(formatMoney(500, 'usd', 'en-US')).toBe('$5.00');
    expect(formatMoney(1500, 'USD', 'de-DE')).toBe('15,00\u00a0$');
    expect(formatMoney(500, 'jpy', 'ja-JP')).toBe('￥500');
    expect(formatMoney(1234, 'eur', 'fr-FR')).toBe('12,34\u00a0€');
  });

  it('falls back to English for a locale Intl cannot use', () => {
    expect(formatMoney(500, 'usd', 'not a locale!')).toBe('$5.00');
  });

  // Stripe's minor units and digits, whatever Intl's (which differ between Node and workerd).
  it.each([
    ['jpy', 'en-US', 17500, '¥17,500'],
    ['usd', 'en-US', 17550, '$175.50'],
    ['huf', 'hu-HU', 17500, '175,00\u00a0Ft'],
    ['huf', 'hu-HU', 17550, '175,50\u00a0Ft'],
    ['isk', 'en-US', 12300, 'ISK\u00a0123'],
    ['kwd', 'en-US', 1230, 'KWD\u00a01.230'],
    ['idr', 'en-US', 1500000, 'IDR\u00a015,000.00'],
    ['lyd', 'en-US', 1234, 'LYD\u00a012.34'],
  ])('%s in %s: %i reads %s, on the Worker and the page alike', (currency, locale, minor, text) => {
    expect(formatMoney(minor, currency, locale)).toBe(text);
    expect(formatPlain(minor, currency, locale)).toBe(text);
  });
});

describe("Stripe's units", () => {
  it.each([
    ['jpy', 0, 1],
    ['usd', 2, 1],
    ['huf', 2, 1],
    ['isk', 2, 100],
    ['ugx', 2, 100],
    ['kwd', 3, 10],
    ['BHD', 3, 10],
  ])('%s: %i decimals, amounts in steps of %i', (currency, exponent, step) => {
    expect(stripeExponent(currency)).toBe(exponent);
    expect(amountStep(currency)).toBe(step);
  });

  it("the simulator's currency list is the checkout's: Stripe's presentment currencies", () => {
    expect([...SIM_CURRENCIES].sort()).toEqual([...STRIPE_CURRENCIES].sort());
    // About 135 (docs.stripe.com/currencies), not the 162 Intl knows.
    expect(STRIPE_CURRENCIES.size).toBeGreaterThan(130);
    expect(STRIPE_CURRENCIES.size).toBeLessThan(145);
    for (const code of ['usd', 'eur', 'jpy', 'kwd', 'huf'])
      expect(STRIPE_CURRENCIES.has(code)).toBe(true);
    for (const code of ['ves', 'irr', 'ghs']) expect(STRIPE_CURRENCIES.has(code)).toBe(false);
  });

  it("are the simulator's too, for every currency Intl knows", () => {
    const codes = Intl.supportedValuesOf('currency').map((code) => code.toLowerCase());
    const units = (exponent: (c: string) => number, step: (c: string) => number) =>
      codes.map((code) => [code, exponent(code), step(code)]);
    expect(units(exponentOf, stepOf)).toEqual(units(stripeExponent, amountStep));
  });
});

describe('parseMoney', () => {
  it.each([
    ['2.50', 'usd', 250],
    ['2,5', 'eur', 250],
    [' 12 ', 'usd', 1200],
    ['0.01', 'usd', 1],
    ['500', 'jpy', 500],
    ['175', 'huf', 17500],
    ['175,50', 'huf', 17550],
    ['123', 'isk', 12300],
    ['1.234', 'kwd', 1234],
    ['1.23', 'kwd', 1230],
  ])('%s %s → %s', (text, currency, minor) => expect(parseMoney(text, currency)).toBe(minor));

  it.each([['2.505'], ['-1'], ['1e3'], [''], ['abc'], ['1.2.3'], ['5.5 jpy']])(
    'refuses %s',
    (text) => expect(parseMoney(text, text.includes('jpy') ? 'jpy' : 'usd')).toBeNull(),
  );

  it('refuses decimals a currency does not have', () => {
    expect(parseMoney('5.5', 'jpy')).toBeNull();
    expect(parseMoney('1.2345', 'kwd')).toBeNull();
  });

  // Before, "1,000" KWD was 1000 fils (1 KWD) whatever the admin's locale: a refund of a
  // thousandth of what an en-US admin meant.
  it.each([
    ['1,000', 'kwd', 'en-US', 1_000_000],
    ['1.000', 'kwd', 'en-US', 1000],
    ['1,000', 'kwd', 'de-DE', 1000],
    ['1.000', 'kwd', 'de-DE', 1_000_000],
    ['1.000,5', 'bhd', 'de-DE', 1_000_500],
    ['1 000,5', 'kwd', 'fr-FR', 1_000_500],
    ['1\u202f000', 'omr', 'fr-FR', 1_000_000],
    ['1,000', 'kwd', 'fr-FR', 1000],
    // es, it, pl and pt-PT group no four-digit number: their comma is still their decimal sign.
    ['1,000', 'kwd', 'es-ES', 1000],
    ['1,000', 'kwd', 'it-IT', 1000],
    ['1,000', 'kwd', 'pl', 1000],
    ['1,000', 'bhd', 'pt-PT', 1000],
    ['1.000', 'kwd', 'es-ES', 1_000_000],
    ['12,34', 'eur', 'es', 1234],
    ['1,000,000.25', 'usd', 'en-US', 100_000_025],
    ['2,50', 'usd', 'en-US', 250],
    ['2.5', 'eur', 'de-DE', 250],
    ['12', 'jod', 'en-US', 12_000],
  ])('%s %s in %s → %s', (text, currency, locale, minor) =>
    expect(parseMoney(text, currency, locale)).toBe(minor),
  );

  it.each([
    // Neither sign is fr-FR's group (a space) nor, for the point, its decimal: a thousand or one?
    ['1.000', 'tnd', 'fr-FR'],
    ['1,000', 'kwd', 'ar-KW'],
    ['1,00,000', 'kwd', 'en-US'],
    ['1,000.2345', 'kwd', 'en-US'],
    ['1,0000', 'kwd', 'en-US'],
    ['12,345', 'eur', 'es-ES'],
  ])('refuses %s %s in %s', (text, currency, locale) =>
    expect(parseMoney(text, currency, locale)).toBeNull(),
  );
});

describe('minimumCharge', () => {
  it("is at least the currency's step where Stripe's table lists no minimum", () => {
    expect(minimumCharge('kwd')).toBe(10);
    expect(minimumCharge('isk')).toBe(100);
    expect(minimumCharge('php')).toBe(1);
    expect(minimumCharge('usd')).toBe(50);
  });
});
