import { describe, expect, it } from 'vitest';
import { MAX_QUANTITY, PRODUCTS, type Product } from '.';
import { catalogProblems, catalogWarnings, writtenPrice } from './check';

const mug: Product = {
  id: 'mug',
  name: 'Mug',
  description: 'A mug.',
  unitAmount: 1200,
  currency: 'eur',
  shippable: false,
};

describe('catalogProblems', () => {
  it("finds none in the tests' own catalog", () => {
    expect(catalogProblems(PRODUCTS, MAX_QUANTITY)).toEqual([]);
  });

  it('accepts a picture of public/ and products sent by post', () => {
    expect(catalogProblems([{ ...mug, image: '/images/mug-2.webp', shippable: true }], 10)).toEqual(
      [],
    );
  });

  it('accepts names and descriptions per language, and numbers that are not prices', () => {
    const translated = {
      ...mug,
      description: 'Holds 2 cups, 350 ml.',
      locales: { de: { name: 'Tasse' } },
    };
    expect(catalogProblems([translated], 10)).toEqual([]);
  });

  it('accepts zero-decimal currencies and ids with digits, dashes and underscores', () => {
    expect(catalogProblems([mug, { ...mug, id: 'tea_2-jp', currency: 'jpy' }], 10)).toEqual([]);
    // Exactly Stripe's smallest charge is one it takes.
    expect(catalogProblems([{ ...mug, unitAmount: 50, currency: 'usd' }], 10)).toEqual([]);
  });

  it.each([
    'A 0.75 l bottle.',
    'Cable, 2.50 m long.',
    'Firmware 3.10 included.',
    'Le 12 juin, livré.',
    'Pack of 12 all different.',
    'Version 2.10, 5 cm × 12.50 cm.',
  ])('accepts numbers that are measures, not prices: %s', (description) => {
    expect(writtenPrice(description)).toBeNull();
    expect(catalogProblems([{ ...mug, description }], 10)).toEqual([]);
  });

  it.each([
    ['Only 12 zł!', '12 zł'],
    ['50 kr per month', '50 kr'],
    ['R$ 12', 'R$ 12'],
    ['Only $12.00!', '$12.00'],
    ['Nur 12,00 €', '12,00 €'],
    ['Nur 12 EUR', '12 EUR'],
    ['Ab ¥500', '¥500'],
    ['₹ 99 only', '₹ 99'],
    ['Just 5 dollars', '5 dollars'],
    ['12 Euro', '12 Euro'],
  ])('refuses a price next to a sign, code or word of money, naming it: %s', (text, price) => {
    expect(writtenPrice(text)).toBe(price);
    expect(catalogProblems([{ ...mug, description: text }], 10)).toEqual([
      `product 1 ("mug") description: must not write a price (${JSON.stringify(price)}): ` +
        "the page shows it, in the customer's language",
    ]);
  });

  it("accepts prices on their currency's step", () => {
    const prices = [
      { ...mug, unitAmount: 1230, currency: 'kwd' },
      { ...mug, id: 'huf', unitAmount: 17550, currency: 'huf' },
      { ...mug, id: 'isk', unitAmount: 12300, currency: 'isk' },
      { ...mug, id: 'jpy', unitAmount: 1235, currency: 'jpy' },
    ];
    expect(catalogProblems(prices, 10)).toEqual([]);
  });

  it.each([
    ['a duplicate id', [mug, { ...mug, name: 'Other' }], /^product 2 \("mug"\) id: is used/],
    ['an id with capitals', [{ ...mug, id: 'Mug' }], /^product 1 \("Mug"\) id: must be/],
    ['an empty name', [{ ...mug, name: '  ' }], /name: must not be empty/],
    ['an amount in dollars', [{ ...mug, unitAmount: 12.5 }], /unitAmount: must be a whole number/],
    ['a zero amount', [{ ...mug, unitAmount: 0 }], /unitAmount: must be positive/],
    [
      'an amount as text',
      [{ ...mug, unitAmount: '1200' as unknown as number }],
      /unitAmount: Invalid type/,
    ],
    ['an upper-case currency', [{ ...mug, currency: 'EUR' }], /currency: must be/],
    ['a currency Intl does not know', [{ ...mug, currency: 'xyz' }], /currency: must be/],
    // Intl prints bolívars, rials and cedis; Stripe charges in none of them.
    [
      'a currency Intl knows but Stripe does not charge in',
      [{ ...mug, currency: 'ves' }],
      /currency: must be a currency Stripe charges in/,
    ],
    ['Iranian rials', [{ ...mug, currency: 'irr' }], /currency: must be a currency Stripe/],
    ['a total Stripe refuses', [{ ...mug, unitAmount: 10_000_000 }], /exceeds 99999999/],
    [
      'a price below the smallest charge in euros',
      [{ ...mug, unitAmount: 49 }],
      /^product 1 \("mug"\): unitAmount 49 is less than 50, the smallest charge Stripe takes in EUR$/,
    ],
    [
      'a price below the smallest charge in pounds',
      [{ ...mug, unitAmount: 29, currency: 'gbp' }],
      /less than 30/,
    ],
    [
      'a three-decimal price not ending in 0',
      [{ ...mug, unitAmount: 1235, currency: 'kwd' }],
      /^product 1 \("mug"\): unitAmount 1235 is not a multiple of 10: .* KWD .* \(such as 1230 or 1240\)$/,
    ],
    ['a fraction of a króna', [{ ...mug, unitAmount: 12350, currency: 'isk' }], /12300 or 12400/],
    ['no product at all', [], /at least one product/],
    [
      'a product without its shippable flag',
      [{ ...mug, shippable: undefined as unknown as boolean }],
      /shippable: must be true \(sent by post\) or false/,
    ],
    ['an image outside public/', [{ ...mug, image: '/../secret.png' }], /image: must be the path/],
    // Protocol-relative: the browser would load https://images/mug.svg (and the CSP blocks it).
    [
      'a protocol-relative image',
      [{ ...mug, image: '//images/mug.svg' }],
      /^product 1 \("mug"\) image: must be the path/,
    ],
    [
      'an image that is not a picture',
      [{ ...mug, image: '/index.html' }],
      /image: must be the path/,
    ],
    ['a misspelt field', [{ ...mug, shipable: true } as Product], /shipable/],
    [
      'a price in the description',
      [{ ...mug, description: 'Only $12.00!' }],
      /description: must not write a price/,
    ],
    [
      'a price after the number',
      [{ ...mug, description: 'Nur 12,00 €' }],
      /must not write a price/,
    ],
    ['a price in a name', [{ ...mug, name: 'Mug €12' }], /name: must not write a price \("€12"\)/],
    [
      'a price in a translation',
      [{ ...mug, locales: { de: { description: 'Nur 12 EUR' } } }],
      /locales\.de\.description: must not write a price/,
    ],
    [
      'a language the checkout does not speak',
      [{ ...mug, locales: { ja: { name: 'マグ' } } as Product['locales'] }],
      /locales: must only name languages the checkout speaks: en, de, fr, es/,
    ],
  ])('reports %s', (_, products: Product[], problem) => {
    const problems = catalogProblems(products, 10);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
  });

  it.each([0, 2.5, Number.NaN, 100, 10_000])('reports a MAX_QUANTITY of %s', (maxQuantity) => {
    expect(catalogProblems([mug], maxQuantity)).toEqual([
      'MAX_QUANTITY must be a whole number from 1 to 99: the page lists every quantity in each ' +
        "product's row",
    ]);
  });

  it('accepts a MAX_QUANTITY of 99', () => {
    expect(catalogProblems([mug], 99)).toEqual([]);
  });
});

describe('catalogWarnings', () => {
  it("finds none in the tests' own catalog", () => {
    expect(catalogWarnings(PRODUCTS)).toEqual([]);
  });

  it('names a currency whose smallest charge Stripe does not list, and its cheapest product', () => {
    const kwd = [
      { ...mug, currency: 'kwd', unitAmount: 1230 },
      { ...mug, id: 'pin', currency: 'kwd', unitAmount: 10 },
      { ...mug, id: 'eur' },
    ];
    expect(catalogProblems(kwd, 10)).toEqual([]);
    const warnings = catalogWarnings(kwd);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^KWD: Stripe lists no smallest charge in KWD: .*about US\$0\.50/);
    expect(warnings[0]).toContain('The cheapest product, "pin", costs KWD 0.010 (unitAmount 10)');
  });

  it('names a currency with more products than a cart holds', () => {
    const many = Array.from({ length: 21 }, (_, i) => ({ ...mug, id: `item-${i}` }));
    expect(catalogWarnings(many)).toEqual([
      'EUR: 21 products, but a cart holds at most 20 different ones: a customer who picks more ' +
        'is refused (docs/shop.md).',
    ]);
    expect(catalogWarnings(many.slice(1))).toEqual([]);
  });
});
