import { describe, expect, it } from 'vitest';
import { memo } from './memo';

describe('memo', () => {
  it('builds each key once, starts again past its limit, and keeps no failure', () => {
    const built: string[] = [];
    const label = memo(2, (locale: string, currency: string) => {
      if (locale === 'bad') throw new RangeError('bad locale');
      built.push(`${locale} ${currency}`);
      return { locale, currency };
    });
    const first = label('de', 'EUR');
    expect(label('de', 'EUR')).toBe(first);
    // Keys are the arguments, not their concatenation.
    label('de E', 'UR');
    expect(built).toEqual(['de EUR', 'de E UR']);
    expect(() => label('bad', 'EUR')).toThrow(RangeError);
    expect(() => label('bad', 'EUR')).toThrow(RangeError);
    // A third key: the two kept are dropped, so 'de EUR' is built again.
    label('fr', 'EUR');
    expect(label('de', 'EUR')).not.toBe(first);
    expect(built).toEqual(['de EUR', 'de E UR', 'fr EUR', 'de EUR']);
  });
});
