import { describe, expect, it } from 'vitest';
import { MAX_QUANTITY, PRODUCTS, findProduct, priceOrder } from '.';

describe('the catalog', () => {
  it('sells one $5.00 product by default, like the original flow', () => {
    expect(PRODUCTS[0]).toMatchObject({ unitAmount: 500, currency: 'usd' });
  });

  it('is well formed: unique ids, integer minor units, ISO currencies, totals Stripe accepts', () => {
    expect(new Set(PRODUCTS.map((p) => p.id)).size).toBe(PRODUCTS.length);
    for (const product of PRODUCTS) {
      expect(product.id).toMatch(/^[a-z0-9][a-z0-9_-]{0,63}$/);
      expect(Number.isSafeInteger(product.unitAmount) && product.unitAmount > 0).toBe(true);
      expect(product.currency).toMatch(/^[a-z]{3}$/);
      expect(
        () => new Intl.NumberFormat('en', { style: 'currency', currency: product.currency }),
      ).not.toThrow();
      expect(product.unitAmount * MAX_QUANTITY).toBeLessThanOrEqual(99_999_999);
    }
  });
});

describe('priceOrder', () => {
  it('prices from the catalog', () => {
    expect(priceOrder('support-5', 3)).toMatchObject({
      amount: 1500,
      currency: 'usd',
      quantity: 3,
      product: findProduct('support-5'),
    });
  });

  it.each([0, -1, 11, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses quantity %s',
    (quantity) => {
      expect(priceOrder('support-5', quantity)).toBeUndefined();
    },
  );

  it('refuses unknown products, including inherited property names', () => {
    for (const id of ['nope', '__proto__', 'constructor', 'toString'])
      expect(priceOrder(id, 1)).toBeUndefined();
  });
});
