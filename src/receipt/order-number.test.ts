import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderIdPrefix, orderNumber } from './order-number';

describe('orderNumber', () => {
  it("is the order id's first eight hex digits, in two groups", () => {
    expect(orderNumber('ord_4f2a91c3d0e1f2a3b4c5d6e7')).toBe('4F2A-91C3');
  });

  it('leads back to its order: the id starts with the prefix it stands for', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{24}$/), (hex) => {
        const id = `ord_${hex}`;
        const number = orderNumber(id);
        expect(number).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}$/);
        expect(id.startsWith(orderIdPrefix(number)!)).toBe(true);
      }),
    );
  });

  it('reads a number as customers write it, and nothing else', () => {
    expect(orderIdPrefix(' 4f2a 91C3 ')).toBe('ord_4f2a91c3');
    expect(orderIdPrefix('4F2A-91C')).toBeUndefined();
    expect(orderIdPrefix('pi_3Abc')).toBeUndefined();
  });
});
