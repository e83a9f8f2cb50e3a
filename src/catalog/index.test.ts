import { describe, expect, it } from 'vitest';
import { findProduct, priceOrder } from '.';

// The catalog here is the tests' own (test/fixtures/shop/products.ts): one $5.00 product.
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
