import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spreadDiscount } from './spread';

describe('spreadDiscount', () => {
  it('gives each line its share of 20 % off, exactly', () => {
    expect(spreadDiscount([500, 600, 1800], 580)).toEqual([100, 120, 360]);
  });

  it('gives the cents left by rounding to the largest remainders, the earlier line on a tie', () => {
    // $2.00 over $5.00, $6.00 and $18.00: 34.48…, 41.37…, 124.13… cents.
    expect(spreadDiscount([500, 600, 1800], 200)).toEqual([35, 41, 124]);
    expect(spreadDiscount([100, 100, 100], 100)).toEqual([34, 33, 33]);
  });

  it("spreads in Stripe's step when the amounts are on it (KWD: multiples of 10)", () => {
    expect(spreadDiscount([1230, 2460, 10], 150, 10)).toEqual([50, 100, 0]);
    // Off the step (not a shop's amounts) it spreads in minor units as before.
    expect(spreadDiscount([1235, 2460], 150, 10)).toEqual([50, 100]);
  });

  it('takes a whole line when the discount is the whole cart, and nothing of no discount', () => {
    expect(spreadDiscount([500, 300], 800)).toEqual([500, 300]);
    expect(spreadDiscount([500, 300], 0)).toEqual([0, 0]);
  });

  it('sums to the discount, never takes more than a line, and stays within a unit of fair', () => {
    const cart = fc
      .array(fc.integer({ min: 1, max: 99_999_999 }), { minLength: 1, maxLength: 20 })
      .chain((subtotals) =>
        fc.tuple(
          fc.constant(subtotals),
          fc.integer({ min: 0, max: subtotals.reduce((sum, s) => sum + s, 0) }),
        ),
      );
    fc.assert(
      fc.property(cart, ([subtotals, discount]) => {
        const shares = spreadDiscount(subtotals, discount);
        const total = subtotals.reduce((sum, s) => sum + s, 0);
        expect(shares.reduce((sum, s) => sum + s, 0)).toBe(discount);
        shares.forEach((share, i) => {
          expect(Number.isSafeInteger(share)).toBe(true);
          expect(share).toBeGreaterThanOrEqual(0);
          expect(share).toBeLessThanOrEqual(subtotals[i]!);
          expect(Math.abs(share - (discount * subtotals[i]!) / total)).toBeLessThan(1);
        });
      }),
    );
  });
});
