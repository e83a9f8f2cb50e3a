import { describe, expect, it } from 'vitest';
import { PRODUCTS } from '#shop/products';
import { SHIPPING } from '#shop/shipping';
import { chooseRate, rateName, type ShippingConfig } from '.';
import { shippingProblems, stepTaxProblem } from './check';

describe('shippingProblems', () => {
  it('accepts the fixture', () => {
    expect(shippingProblems(SHIPPING, PRODUCTS)).toEqual([]);
  });

  it('names what is wrong', () => {
    const bad: ShippingConfig = {
      currency: 'eur',
      countries: ['DE', 'US'],
      rates: [
        { id: 'standard', name: 'Standard', amounts: [{ countries: ['DE'], amount: 500 }] },
        { id: 'standard', name: 'Again', amounts: [{ countries: '*', amount: 500 }] },
      ],
    };
    expect(shippingProblems(bad, PRODUCTS)).toEqual([
      'rate "standard": no amount for US',
      'rate "standard": id is used twice',
      'product "mug": shippable, so it must be priced in eur like the shipping rates',
      'product "poster": shippable, so it must be priced in eur like the shipping rates',
    ]);
    expect(shippingProblems({ ...SHIPPING, countries: ['Germany'] }, PRODUCTS)[0]).toMatch(
      /^SHIPPING\.countries\.0: must be an ISO 3166-1 alpha-2/,
    );
  });

  it('refuses more rates than a Stripe Checkout Session offers (5)', () => {
    const rate = SHIPPING.rates[0]!;
    const rates = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ ...rate, id: `rate-${i}` }));
    expect(shippingProblems({ ...SHIPPING, rates: rates(5) }, PRODUCTS)).toEqual([]);
    expect(shippingProblems({ ...SHIPPING, rates: rates(6) }, PRODUCTS)).toEqual([
      'SHIPPING.rates: must list at most 5 rates: Stripe Checkout offers a customer at most 5',
    ]);
  });

  it('refuses a currency Stripe does not charge in, even one Intl knows', () => {
    const problems = shippingProblems({ ...SHIPPING, currency: 'ghs' }, []);
    expect(problems).toEqual([
      expect.stringMatching(/^SHIPPING\.currency: must be a currency Stripe charges in/),
    ]);
  });

  it("refuses an amount off its currency's step, not a threshold", () => {
    const kwd: ShippingConfig = {
      currency: 'kwd',
      countries: ['KW'],
      rates: [
        {
          id: 'post',
          name: 'Post',
          amounts: [{ countries: '*', amount: 1505 }],
          freeAbove: 10_005,
        },
        { id: 'express', name: 'Express', amounts: [{ countries: ['KW'], amount: 3000 }] },
      ],
    };
    expect(shippingProblems(kwd, [])).toEqual([
      'rate "post": amount 1505 is not a multiple of 10: Stripe takes KWD amounts only in steps ' +
        'of 10 minor units (such as 1500 or 1510)',
    ]);
  });
});

describe('stepTaxProblem', () => {
  // Its own rates: the fixture's are in dollars, which Stripe takes in any minor unit.
  const shipping = (currency: string): ShippingConfig => ({ ...SHIPPING, currency });

  it('refuses Stripe Tax for rates in a currency Stripe takes only in steps', () => {
    expect(stepTaxProblem('stripe', shipping('kwd'))).toBe(
      'TAX_CALCULATION is "stripe", but Stripe Tax cannot tax a shop shipping in KWD: its tax ' +
        "makes totals off KWD's step of 10 minor units, which Stripe refuses. Set " +
        'TAX_CALCULATION = "none" in wrangler.toml (docs/shipping-and-tax.md)',
    );
    for (const currency of ['bhd', 'jod', 'omr', 'tnd', 'isk', 'ugx'])
      expect(stepTaxProblem(' stripe ', shipping(currency))).toMatch(/cannot tax .* in [A-Z]{3}:/);
  });

  it('leaves Stripe Tax in other currencies, and no tax (none, unset, or a typo) anywhere', () => {
    for (const currency of ['usd', 'eur', 'jpy', 'huf'])
      expect(stepTaxProblem('stripe', shipping(currency))).toBeNull();
    // A typo is refused by the Worker as such (src/config), not as this.
    for (const tax of ['none', undefined, 'Stripe'])
      expect(stepTaxProblem(tax, shipping('kwd'))).toBeNull();
  });
});

describe('rate names per language', () => {
  const named: ShippingConfig = {
    ...SHIPPING,
    rates: [
      { ...SHIPPING.rates[0]!, name: 'Standard', locales: { de: { name: 'Standardversand' } } },
    ],
  };

  it('are checked like product names: known languages, not empty, no written price', () => {
    expect(shippingProblems(named, PRODUCTS)).toEqual([]);
    const rate = (locales: unknown) => ({ ...named, rates: [{ ...named.rates[0]!, locales }] });
    expect(shippingProblems(rate({ xx: { name: 'X' } }) as never, PRODUCTS)).toEqual([
      'SHIPPING.rates.0.locales: must only name languages the checkout speaks: en, de, fr, es',
    ]);
    expect(shippingProblems(rate({ de: { name: ' ' } }) as never, PRODUCTS)).toEqual([
      'SHIPPING.rates.0.locales.de.name: must not be empty',
    ]);
    expect(
      shippingProblems(rate({ de: { name: 'Gratis ab 50,00 €' } }) as never, PRODUCTS),
    ).toEqual([
      'SHIPPING.rates.0.locales.de.name: must not write a price ("50,00 €"): ' +
        "the page shows it, in the customer's language",
    ]);
  });

  it("are the language's own, else the name the order was placed under, else the default", () => {
    expect(rateName('standard', 'de', 'Old name', named)).toBe('Standardversand');
    expect(rateName('standard', 'fr', 'Old name', named)).toBe('Old name');
    expect(rateName('standard', 'fr', undefined, named)).toBe('Standard');
    // A rate the shop no longer has keeps its name.
    expect(rateName('pigeon', 'de', 'Pigeon', named)).toBe('Pigeon');
  });
});

describe('chooseRate', () => {
  it('prices by country group, frees Standard from $50.00, and picks the cheapest by default', () => {
    expect(chooseRate(SHIPPING, 'US', 2000, null)).toMatchObject({ amount: 500 });
    expect(chooseRate(SHIPPING, 'DE', 2000, null)).toMatchObject({ amount: 1000 });
    expect(chooseRate(SHIPPING, 'DE', 4999, 'standard')).toMatchObject({ amount: 1000 });
    expect(chooseRate(SHIPPING, 'DE', 5000, 'standard')).toMatchObject({ amount: 0 });
    expect(chooseRate(SHIPPING, 'DE', 2000, 'express')).toMatchObject({ amount: 2500 });
    expect(chooseRate(SHIPPING, 'DE', 2000, 'pigeon')).toBeNull();
  });
});
