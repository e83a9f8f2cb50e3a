import { describe, expect, it } from 'vitest';
import { formatMoney, minorUnitDigits } from '.';
import { parseMoney } from './format.js';

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

  it('knows minor units per currency', () => {
    expect(minorUnitDigits('USD')).toBe(2);
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(minorUnitDigits('KWD')).toBe(3);
  });
});
describe('parseMoney', () => {
  it.each([
    ['2.50', 'usd', 250],
    ['2,5', 'eur', 250],
    [' 12 ', 'usd', 1200],
    ['0.01', 'usd', 1],
    ['500', 'jpy', 500],
    ['1.234', 'kwd', 1234],
  ])('%s %s → %s', (text, currency, minor) => expect(parseMoney(text, currency)).toBe(minor));

  it.each([['2.505'], ['-1'], ['1e3'], [''], ['abc'], ['1.2.3'], ['5.5 jpy']])(
    'refuses %s',
    (text) => expect(parseMoney(text, text.includes('jpy') ? 'jpy' : 'usd')).toBeNull(),
  );

  it('refuses decimals a currency does not have', () => {
    expect(parseMoney('5.5', 'jpy')).toBeNull();
  });
});
