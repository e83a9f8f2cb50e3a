import { describe, expect, it } from 'vitest';
import { ENGLISH, negotiate } from '../i18n';
import { formatMoney } from '../money';
import { orderSummary, rowAmount, type SummarizedOrder } from './summary';

/** Two mugs, 25 % off with SPRING, Standard to Berlin, 19 % tax: the fixture's shop. */
const shipped: SummarizedOrder = {
  id: 'ord_4f2a91c3d0e1f2a3b4c5d6e7',
  status: 'paid',
  currency: 'usd',
  amount: 4760,
  product_id: 'mug',
  quantity: 2,
  lines: JSON.stringify([
    { product: 'mug', name: 'Mug', quantity: 2, unit_amount: 2000, discount: 1000, amount: 3000 },
  ]),
  promotion_code: 'SPRING',
  discount_amount: 1000,
  shipping: JSON.stringify({
    name: 'Erika Mustermann',
    address: { line1: 'Unter den Linden 1', city: 'Berlin', postal_code: '10117', country: 'DE' },
    rate: 'standard',
    rate_name: 'Standard',
  }),
  shipping_amount: 1000,
  tax_amount: 760,
  tax_included: 0,
};

describe('orderSummary', () => {
  it('gives the number, each line before the discount, the discount, shipping, tax and total', () => {
    expect(orderSummary(shipped, ENGLISH)).toEqual({
      number: '4F2A-91C3',
      currency: 'usd',
      rows: [
        { kind: 'line', label: 'Mug × 2', amount: 4000 },
        { kind: 'discount', label: 'Discount (SPRING)', amount: 1000 },
        { kind: 'shipping', label: 'Shipping: Standard', amount: 1000 },
        { kind: 'tax', label: 'Tax', amount: 760 },
        { kind: 'total', label: 'Total paid', amount: 4760 },
      ],
    });
  });

  it("names the rate in the reader's language, else as the order was placed", () => {
    const labels = (language: string) =>
      orderSummary(shipped, negotiate(undefined, language)).rows.map((row) => row.label);
    expect(labels('de')).toContain('Versand: Standardversand');
    expect(labels('es')).toContain('Envío: Standard');
    const renamed = { ...shipped, shipping: shipped.shipping!.replace('"Standard"', '"Old"') };
    expect(orderSummary(renamed, ENGLISH).rows[2]!.label).toBe('Shipping: Old');
  });

  it("never wraps a rate's name in parentheses: the merchant's name may have its own", () => {
    const dated = { ...shipped, shipping: shipped.shipping!.replace('"standard"', '"gone"') };
    const named = {
      ...dated,
      shipping: dated.shipping!.replace('"Standard"', '"Standard (5–8 days)"'),
    };
    const label = (language: string) =>
      orderSummary(named, negotiate(undefined, language)).rows[2]!.label;
    expect(['en', 'de', 'fr', 'es'].map(label)).toEqual([
      'Shipping: Standard (5–8 days)',
      'Versand: Standard (5–8 days)',
      // French puts a narrow no-break space before a colon, as its other messages do.
      'Livraison\u202f: Standard (5–8 days)',
      'Envío: Standard (5–8 days)',
    ]);
  });

  it('says the tax inside the prices under the total, which the rows above add up to', () => {
    // A poster at 11.90 with 1.90 VAT inside; Standard at 10.00 with 19 % (1.90) on top.
    const included = {
      ...shipped,
      amount: 2380,
      lines: JSON.stringify([
        {
          product: 'poster',
          name: 'Poster',
          quantity: 1,
          unit_amount: 1190,
          discount: 0,
          amount: 1190,
        },
      ]),
      promotion_code: null,
      discount_amount: 0,
      tax_amount: 190,
      tax_included: 190,
    };
    const { rows } = orderSummary(included, ENGLISH);
    expect(rows.map((row) => [row.kind, row.label, row.amount])).toEqual([
      ['line', 'Poster × 1', 1190],
      ['shipping', 'Shipping: Standard', 1000],
      ['tax', 'Tax', 190],
      ['total', 'Total paid', 2380],
      ['included_tax', 'Includes tax', 190],
    ]);
    const label = (language: string) =>
      orderSummary(included, negotiate(undefined, language)).rows.at(-1)!.label;
    expect(['de', 'fr', 'es'].map(label)).toEqual([
      'Enthaltene Steuer',
      'Dont taxes',
      'Impuestos incluidos',
    ]);
  });

  it('says "Total", not "Total paid", of an order never paid; no rows for what it lacks', () => {
    const plain = {
      ...shipped,
      status: 'failed',
      promotion_code: null,
      discount_amount: 0,
      shipping: null,
      shipping_amount: 0,
      tax_amount: 0,
    };
    expect(orderSummary(plain, ENGLISH).rows.map((row) => [row.kind, row.label])).toEqual([
      ['line', 'Mug × 2'],
      ['total', 'Total'],
    ]);
  });

  // Money only through Intl: the sign goes where the locale puts it (a minus sign, U+2212).
  it('takes a discount off with the sign where each locale puts it', () => {
    const discount = { kind: 'discount' as const, label: 'Discount', amount: 150 };
    const shown = (locale: string) =>
      rowAmount(discount, (amount) => formatMoney(amount, 'eur', locale));
    expect(shown('en-US')).toBe('−€1.50');
    // Before: "−€ 1,50" and "−EUR 1.50", the sign put first by hand.
    expect(shown('nl-NL')).toBe('€\u00a0−1,50');
    expect(shown('de-CH')).toBe('EUR−1.50');
  });
});
