import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkoutTotals, discountShares } from '../src/checkout/totals';
import { locate } from '../src/tax/location';

const germany = {
  jurisdiction: locate({ country: 'DE' } as never, 'address'),
  override: 'none' as const,
};
const goods = { taxBehavior: 'exclusive' as const, taxCode: 'txcd_10000000' };

describe('discount shares', () => {
  it('takes a percentage from each line, rounded half up per line', () => {
    expect(discountShares([3000, 999], { percentOff: 10 })).toEqual([300, 100]);
    expect(discountShares([1005], { percentOff: 12.5 })).toEqual([126]); // 125.625
    expect(discountShares([1], { percentOff: 50 })).toEqual([1]); // 0.5 rounds up
  });

  it('spreads an amount in proportion, the rounding cents to the largest remainders', () => {
    // 500 × 3000/3999 = 375.09…, 500 × 999/3999 = 124.91…: the cent left goes to the second.
    expect(discountShares([3000, 999], { amountOff: 500 })).toEqual([375, 125]);
    expect(discountShares([100, 100, 100], { amountOff: 100 })).toEqual([34, 33, 33]);
    expect(discountShares([700, 300], { amountOff: 5000 })).toEqual([700, 300]);
  });

  it('never takes more than a line or the coupon, and sums to what the coupon takes', () => {
    const lines = fc.array(fc.integer({ min: 0, max: 10_000_000 }), {
      minLength: 1,
      maxLength: 20,
    });
    fc.assert(
      fc.property(lines, fc.integer({ min: 1, max: 99_999_999 }), (subtotals, amountOff) => {
        const shares = discountShares(subtotals, { amountOff });
        const sum = subtotals.reduce((a, b) => a + b, 0);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(Math.min(amountOff, sum));
        shares.forEach((share, i) => expect(share).toBeLessThanOrEqual(subtotals[i] as number));
      }),
    );
    fc.assert(
      fc.property(lines, fc.integer({ min: 1, max: 100 }), (subtotals, percentOff) => {
        const shares = discountShares(subtotals, { percentOff });
        shares.forEach((share, i) => expect(share).toBeLessThanOrEqual(subtotals[i] as number));
      }),
    );
  });
});

describe('checkout totals', () => {
  it('taxes the discounted lines and the (undiscounted) shipping, exactly', () => {
    const totals = checkoutTotals({
      lines: [
        { subtotal: 3000, discount: 300, ...goods },
        { subtotal: 999, discount: 100, ...goods },
      ],
      shipping: { amount: 500, taxBehavior: 'exclusive', taxCode: 'txcd_92010001' },
      tax: germany,
    });
    // 2700 × 19 % = 513; 899 × 19 % = 170.81 → 171; 500 × 19 % = 95.
    expect(totals.lines.map((line) => [line.tax?.amountTax, line.total])).toEqual([
      [513, 3213],
      [171, 1070],
    ]);
    expect(totals.shipping?.total).toBe(595);
    expect(totals).toMatchObject({
      amountSubtotal: 3999,
      amountDiscount: 400,
      amountShipping: 500,
      amountTax: 779,
      amountTotal: 4878,
    });
  });

  it("follows Stripe's definitions: amount_tax is all the tax, amount_total adds the exclusive", () => {
    const behaviour = fc.constantFrom('exclusive' as const, 'inclusive' as const);
    const line = fc
      .record({ subtotal: fc.integer({ min: 0, max: 1_000_000 }), taxBehavior: behaviour })
      .chain((item) =>
        fc.integer({ min: 0, max: item.subtotal }).map((discount) => ({ ...item, discount })),
      );
    const shipping = fc.option(
      fc.record({ amount: fc.integer({ min: 0, max: 10_000 }), taxBehavior: behaviour }),
    );
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), shipping, (lines, ship) => {
        const totals = checkoutTotals({
          lines: lines.map((item) => ({ ...item, taxCode: 'txcd_10000000' })),
          shipping: ship && { ...ship, taxCode: 'txcd_92010001' },
          tax: germany,
        });
        const all = [...totals.lines, ...(totals.shipping ? [totals.shipping] : [])];
        const taxOf = (inclusive: boolean) =>
          all.reduce((sum, t) => sum + (t.tax?.inclusive === inclusive ? t.tax.amountTax : 0), 0);
        // total_details.amount_tax: "the sum of all the tax amounts", inclusive ones too.
        expect(totals.amountTax).toBe(taxOf(true) + taxOf(false));
        // amount_subtotal: the items at their prices (inclusive tax inside), before discounts.
        expect(totals.amountSubtotal).toBe(lines.reduce((sum, item) => sum + item.subtotal, 0));
        expect(totals.amountTotal).toBe(
          totals.amountSubtotal - totals.amountDiscount + totals.amountShipping + taxOf(false),
        );
      }),
    );
  });

  it('finds inclusive tax inside the amount, and adds nothing without a location', () => {
    const inclusive = checkoutTotals({
      lines: [{ subtotal: 1190, discount: 0, taxBehavior: 'inclusive', taxCode: 'txcd_10000000' }],
      shipping: null,
      tax: germany,
    });
    expect(inclusive).toMatchObject({ amountTax: 190, amountTotal: 1190 });
    const unknown = checkoutTotals({
      lines: [{ subtotal: 1190, discount: 0, ...goods }],
      shipping: null,
      tax: null,
    });
    expect(unknown).toMatchObject({ amountTax: 0, amountTotal: 1190 });
    expect(unknown.lines[0]?.tax).toBeNull();
  });
});
