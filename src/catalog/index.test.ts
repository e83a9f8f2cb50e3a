import { describe, expect, it } from 'vitest';
import { findProduct, PRODUCTS } from '.';

// The catalog here is the tests' own (test/fixtures/shop/products.ts).
describe('findProduct', () => {
  it('finds a product of the catalog by id', () => {
    expect(findProduct('wallpapers')).toMatchObject({ unitAmount: 300, currency: 'usd' });
    expect(PRODUCTS[0]).toMatchObject({ id: 'support-5', unitAmount: 500, shippable: false });
  });

  it('finds nothing for unknown ids, including inherited property names', () => {
    for (const id of ['nope', '__proto__', 'constructor', 'toString'])
      expect(findProduct(id)).toBeUndefined();
  });
});
