import { describe, expect, it } from 'vitest';
import { MAX_LINES, parseCart } from '.';
import { findProduct } from '../catalog';
import { isFieldError } from '../checkout/field-error';
import { ENGLISH } from '../i18n';

// The tests' own catalog (test/fixtures/shop/): support-5 $5.00, wallpapers $3.00, handbook $18.00,
// postcard-eur €2.00.
const param = (body: Record<string, unknown>) => {
  const parsed = parseCart(body);
  return isFieldError(parsed) ? parsed.param : null;
};

/** A cart of $5.00 and a second line. */
const second = (line: object) => ({ items: [{ product: 'support-5', quantity: 1 }, line] });

describe('parseCart', () => {
  it('prices every line from the catalog, in the order given', () => {
    expect(
      parseCart({
        items: [
          { product: 'wallpapers', quantity: 2 },
          { product: 'support-5', quantity: 1 },
        ],
        promotion_code: '  spring20 ',
      }),
    ).toEqual({
      cart: {
        currency: 'usd',
        lines: [
          { product: findProduct('wallpapers'), quantity: 2, subtotal: 600 },
          { product: findProduct('support-5'), quantity: 1, subtotal: 500 },
        ],
        subtotal: 1100,
      },
      promotionCode: 'spring20',
      shipping: null,
    });
  });

  it('reads product and quantity (the one-product checkout, or a form) as one line', () => {
    expect(parseCart({ product: 'handbook', quantity: '3' })).toMatchObject({
      cart: { subtotal: 5400, lines: [{ quantity: 3 }] },
      promotionCode: null,
    });
  });

  it('ignores amounts sent with the items', () => {
    expect(
      parseCart({ items: [{ product: 'support-5', quantity: 1, unit_amount: 1, amount: 1 }] }),
    ).toMatchObject({ cart: { subtotal: 500 } });
  });

  it.each([
    ['no items at all', {}, 'items'],
    ['an empty list', { items: [] }, 'items'],
    ['items that are not a list', { items: 'support-5' }, 'items'],
    [
      'both items and product',
      { items: [{ product: 'support-5', quantity: 1 }], product: 'x' },
      'items',
    ],
    ['an unknown product', second({ product: 'nope', quantity: 1 }), 'items[1][product]'],
    [
      'a malformed product id',
      { items: [{ product: 'Support 5', quantity: 1 }] },
      'items[0][product]',
    ],
    ['a quantity of 0', { items: [{ product: 'support-5', quantity: 0 }] }, 'items[0][quantity]'],
    ['a quantity of 11', { items: [{ product: 'support-5', quantity: 11 }] }, 'items[0][quantity]'],
    [
      'a fractional quantity',
      { items: [{ product: 'support-5', quantity: 1.5 }] },
      'items[0][quantity]',
    ],
    ['a line that is not an object', { items: ['support-5'] }, 'items[0]'],
    ['the same product twice', second({ product: 'support-5', quantity: 2 }), 'items[1][product]'],
    ['mixed currencies', second({ product: 'postcard-eur', quantity: 1 }), 'items'],
    ['an unknown single product', { product: 'nope', quantity: 1 }, 'product'],
    ['a single quantity of 11', { product: 'support-5', quantity: 11 }, 'quantity'],
    [
      'a code that is not text',
      { product: 'support-5', quantity: 1, promotion_code: 20 },
      'promotion_code',
    ],
  ])('refuses %s, naming the field', (_, body, expected) => {
    expect(param(body)).toBe(expected);
  });

  it(`refuses more than ${MAX_LINES} lines`, () => {
    const items = Array.from({ length: MAX_LINES + 1 }, (_, i) => ({
      product: `p${i}`,
      quantity: 1,
    }));
    const refused = parseCart({ items });
    expect(isFieldError(refused) && [refused.param, ENGLISH.t(refused.message)]).toEqual([
      'items',
      `A cart can hold at most ${MAX_LINES} different products.`,
    ]);
  });
});
