/**
 * Whether shipping rates are ones the checkout can charge: run by the test of the merchant's rates
 * (src/shop/shipping.test.ts, also in `npm run check`) and of the tests' fixture. Not used at run
 * time: rates are checked before they are deployed.
 */
import * as v from 'valibot';
import type { Product } from '../catalog';
import { NAME, translations } from '../catalog/check';
import { amountStep } from '../money/format.js';
import { STRIPE_CURRENCIES } from '../money/currencies';
import { offStep, STRIPE_MAX_AMOUNT } from '../money/stripe-limits';
import type { ShippingConfig } from '.';

const REGIONS = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
const COUNTRY = v.pipe(
  v.string(),
  v.check(
    (code) => /^[A-Z]{2}$/.test(code) && REGIONS.of(code) !== undefined,
    'must be an ISO 3166-1 alpha-2 country code in capitals, such as "DE"',
  ),
);
const AMOUNT = v.pipe(
  v.number(),
  v.safeInteger('must be a whole number of minor units (500 = $5.00)'),
  v.minValue(0, 'must not be negative'),
  v.maxValue(STRIPE_MAX_AMOUNT, 'is more than Stripe charges'),
);

const RateSchema = v.strictObject({
  id: v.pipe(
    v.string(),
    v.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be lowercase letters, digits, "-" or "_"'),
  ),
  name: NAME,
  locales: translations(v.strictObject({ name: NAME })),
  amounts: v.pipe(
    v.array(
      v.strictObject({
        countries: v.union(
          [v.literal('*'), v.pipe(v.array(COUNTRY), v.minLength(1))],
          'must be a list of countries or "*"',
        ),
        amount: AMOUNT,
      }),
    ),
    v.minLength(1, 'must price at least one group of countries'),
  ),
  freeAbove: v.optional(AMOUNT),
  taxCode: v.optional(v.pipe(v.string(), v.regex(/^txcd_\d{8}$/, 'must be a Stripe tax code'))),
});

const ConfigSchema = v.strictObject({
  currency: v.pipe(
    v.string(),
    v.check(
      (code) => STRIPE_CURRENCIES.has(code),
      'must be a currency Stripe charges in, as a lowercase ISO 4217 code such as "usd"',
    ),
  ),
  countries: v.pipe(v.array(COUNTRY), v.minLength(1, 'must list at least one country')),
  rates: v.pipe(
    v.array(RateSchema),
    v.minLength(1, 'must list at least one rate'),
    // Every rate serves every country shipped to, and a Checkout Session takes 5 at most.
    v.maxLength(5, 'must list at most 5 rates: Stripe Checkout offers a customer at most 5'),
  ),
});

/**
 * The problems of shipping rates, one sentence each (empty when they are valid): well-formed,
 * rate ids unique, every country shipped to priced by every rate, amounts on the currency's step,
 * and shippable products priced in the shipping currency.
 */
export function shippingProblems(config: ShippingConfig, products: readonly Product[]): string[] {
  const result = v.safeParse(ConfigSchema, config);
  if (!result.success)
    return result.issues.map((issue) => `SHIPPING.${v.getDotPath(issue) ?? ''}: ${issue.message}`);
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const rate of config.rates) {
    if (ids.has(rate.id)) problems.push(`rate ${JSON.stringify(rate.id)}: id is used twice`);
    ids.add(rate.id);
    const fallback = rate.amounts.some((group) => group.countries === '*');
    const unpriced = config.countries.filter(
      (country) =>
        !fallback &&
        !rate.amounts.some((group) => group.countries !== '*' && group.countries.includes(country)),
    );
    if (unpriced.length)
      problems.push(`rate ${JSON.stringify(rate.id)}: no amount for ${unpriced.join(', ')}`);
    // freeAbove is a threshold, never charged: only the amounts need Stripe's step.
    for (const { amount } of rate.amounts) {
      const step = offStep(amount, config.currency);
      if (step) problems.push(`rate ${JSON.stringify(rate.id)}: amount ${step}`);
    }
  }
  for (const product of products)
    if (product.shippable && product.currency !== config.currency)
      problems.push(
        `product ${JSON.stringify(product.id)}: shippable, so it must be priced in ` +
          `${config.currency} like the shipping rates`,
      );
  return problems;
}

/**
 * Why Stripe Tax (`tax`: TAX_CALCULATION in wrangler.toml's [vars]) cannot tax the shop's shipped
 * carts, or null. Its tax is in minor units, so in a currency Stripe takes only in steps (KWD,
 * ISK…) the total it makes is off the step, and Stripe refuses the payment; the shop cannot round
 * the tax either, as the tax transaction must equal the charge. Only shipped carts are taxed, in
 * the shipping's currency. The Worker refuses the same at run time (resolveCheckoutConfig).
 */
export function stepTaxProblem(tax: string | undefined, config: ShippingConfig): string | null {
  const step = amountStep(config.currency);
  if (tax?.trim() !== 'stripe' || step === 1) return null;
  const currency = config.currency.toUpperCase();
  return (
    `TAX_CALCULATION is "stripe", but Stripe Tax cannot tax a shop shipping in ${currency}: its ` +
    `tax makes totals off ${currency}'s step of ${step} minor units, which Stripe refuses. Set ` +
    'TAX_CALCULATION = "none" in wrangler.toml (docs/shipping-and-tax.md)'
  );
}
