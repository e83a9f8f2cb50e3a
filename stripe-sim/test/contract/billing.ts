import type Stripe from 'stripe';
import type { Pair } from './probes';
import { NOW, type Rule, type Scenario, cursor, stripe, unique } from './scenario';

/** Coupons, promotion codes and Stripe Tax. */

const notExpanded = (what: string): Rule => ({
  when: new RegExp(`^${what.replace(/[[\]]/g, '\\$&')}`),
  storedElsewhere: true,
  why: 'an includable field: shown only when expanded, as Stripe shows it',
});

/** An amount coupon, whose currency_options an update may change. */
const amountCoupon = async () => ({
  amount_coupon: (await stripe.coupons.create({ amount_off: 500, currency: 'usd' })).id,
});

/** Where the probes' customer is taxed: a street in San Francisco. */
const taxedAt: Pair[] = [
  ['customer_details[address][country]', 'US'],
  ['customer_details[address][postal_code]', '94107'],
  ['customer_details[address_source]', 'shipping'],
];

/** A calculation for $1000 + $500 shipping in California, recorded as a transaction. */
async function taxed(): Promise<{ calculation: string; transaction: string; line: string }> {
  const calculation = await stripe.tax.calculations.create({
    currency: 'usd',
    line_items: [{ amount: 1000, reference: 'line-1' }],
    shipping_cost: { amount: 500 },
    customer_details: {
      address: { country: 'US', postal_code: '94107' },
      address_source: 'shipping',
    },
    tax_date: NOW,
  });
  const transaction = await stripe.tax.transactions.createFromCalculation({
    calculation: calculation.id as string,
    reference: `order-${crypto.randomUUID()}`,
    expand: ['line_items'],
  });
  const line = transaction.line_items?.data[0] as Stripe.Tax.TransactionLineItem;
  return { calculation: calculation.id as string, transaction: transaction.id, line: line.id };
}

export const BILLING_SCENARIOS: Record<string, Scenario> = {
  'POST /v1/coupons': {
    url: '/v1/coupons',
    expand: 'currency_options',
    rules: [
      {
        when: /^(?!amount_off|currency|percent_off)/,
        with: [['percent_off', '10']],
        why: 'a coupon takes percent_off or amount_off (Stripe refuses neither, and both)',
      },
      { when: /^amount_off$/, with: [['currency', 'usd']], why: 'an amount is in a currency' },
      { when: /^currency$/, with: [['amount_off', '100']], why: 'a currency is for an amount' },
      {
        when: /^currency_options/,
        with: [
          ['amount_off', '100'],
          ['currency', 'usd'],
        ],
        why: 'other currencies of an amount coupon',
      },
      {
        when: /^duration_in_months$/,
        with: [['duration', 'repeating']],
        why: 'only a repeating coupon lasts months',
      },
      {
        when: /^applies_to\[products\]/,
        expect: { status: 400, code: 'resource_missing' },
        why: 'the simulator keeps no products to restrict a coupon to',
      },
      notExpanded('currency_options'),
      notExpanded('applies_to'),
    ],
  },
  'GET /v1/coupons': { url: '/v1/coupons', expand: 'data.applies_to', setup: cursor('coupon') },
  'GET /v1/coupons/:id': { url: '/v1/coupons/$coupon', expand: 'currency_options' },
  'POST /v1/coupons/:id': {
    url: '/v1/coupons/$amount_coupon',
    expand: 'currency_options',
    setup: amountCoupon,
    rules: [notExpanded('currency_options')],
  },
  'DELETE /v1/coupons/:id': {
    url: '/v1/coupons/$fresh',
    expand: '',
    fresh: { fresh: async () => ({ fresh: (await stripe.coupons.create({ percent_off: 5 })).id }) },
  },

  'POST /v1/promotion_codes': {
    url: '/v1/promotion_codes',
    base: [
      ['promotion[type]', 'coupon'],
      ['promotion[coupon]', '$coupon'],
    ],
    expand: 'promotion.coupon',
    rules: [
      {
        when: /^restrictions\[minimum_amount/,
        with: [
          ['restrictions[minimum_amount]', '1'],
          ['restrictions[minimum_amount_currency]', 'usd'],
        ],
        why: 'a minimum amount is in a currency',
      },
      {
        when: /^customer_account$/,
        expect: { status: 400, code: 'resource_missing' },
        why: 'the simulated account has no connected accounts',
      },
      notExpanded('restrictions[currency_options]'),
    ],
  },
  'GET /v1/promotion_codes': {
    url: '/v1/promotion_codes',
    expand: 'data.promotion.coupon',
    setup: async ({ coupon }) => ({
      cursor: (await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon } })).id,
    }),
  },
  'GET /v1/promotion_codes/:id': {
    url: '/v1/promotion_codes/$code',
    expand: 'promotion.coupon',
    setup: async ({ coupon }) => ({
      code: (await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon } })).id,
    }),
  },
  'POST /v1/promotion_codes/:id': {
    url: '/v1/promotion_codes/$code',
    expand: 'promotion.coupon',
    setup: async ({ coupon }) => ({
      code: (await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon } })).id,
    }),
    rules: [notExpanded('restrictions[currency_options]')],
  },

  'POST /v1/tax/calculations': {
    url: '/v1/tax/calculations',
    base: taxedAt,
    expand: 'line_items',
    // A customer taxed at the same address.
    setup: async () => ({
      customer: (
        await stripe.customers.create({ address: { country: 'US', postal_code: '94107' } })
      ).id,
    }),
    fresh: unique('reference', (id) => `line-${id}`),
    rules: [
      {
        when: /^customer$/,
        without: ['customer_details'],
        why: 'a customer or their details, not both',
      },
      {
        when: /^(line_items\[0\]\[(product|performance_location)\]|shipping_cost\[shipping_rate\])$/,
        expect: { status: 400, code: 'resource_missing' },
        why: 'the simulator keeps no products, tax locations or shipping rates',
      },
      {
        when: /^customer_details\[address\]\[postal_code\]$/,
        with: [['customer_details[address][country]', 'DE']],
        why: 'unset, a US address has no ZIP code to be taxed by: a German one needs none',
      },
      {
        when: /^shipping_cost\[(tax_behavior|tax_code)\]$/,
        with: [['shipping_cost[amount]', '500']],
        why: 'a shipping cost is an amount',
      },
    ],
  },
  'GET /v1/tax/settings': {
    url: '/v1/tax/settings',
    expand: 'head_office',
    rules: [
      { when: /^expand/, expect: { status: 400 }, why: 'tax settings have no field to expand' },
    ],
  },
  'GET /v1/tax/calculations/:id': {
    url: '/v1/tax/calculations/$calculation',
    expand: 'line_items',
    setup: taxed,
  },
  'GET /v1/tax/calculations/:id/line_items': {
    url: '/v1/tax/calculations/$calculation/line_items',
    expand: 'data.tax_breakdown',
    setup: async () => {
      const { calculation } = await taxed();
      const items = await stripe.tax.calculations.listLineItems(calculation);
      return { calculation, cursor: items.data[0]?.id as string };
    },
  },
  'POST /v1/tax/transactions/create_from_calculation': {
    url: '/v1/tax/transactions/create_from_calculation',
    base: [
      ['calculation', '$calculation'],
      ['reference', '$reference'],
    ],
    expand: 'line_items',
    samples: { calculation: '$calculation' },
    setup: taxed,
    fresh: unique('reference', (id) => `order-${id}`),
  },
  'POST /v1/tax/transactions/create_reversal': {
    url: '/v1/tax/transactions/create_reversal',
    base: [
      ['original_transaction', '$transaction'],
      ['reference', '$reference'],
    ],
    expand: 'line_items',
    // A reversal takes amounts back: negative, within what is left of the sale.
    samples: {
      amount: '-100',
      amount_tax: '-10',
      flat_amount: '-100',
      original_transaction: '$transaction',
      original_line_item: '$line',
    },
    fresh: {
      ...unique('reference', (id) => `refund-${id}`),
      // Each sale can be reversed in full once.
      transaction: async () => {
        const { transaction, line } = await taxed();
        return { transaction, line };
      },
    },
    rules: [
      {
        when: /^(flat_amount|line_items|shipping_cost)/,
        with: [['mode', 'partial']],
        why: 'amounts are for a partial reversal',
      },
      {
        when: /^line_items/,
        with: [['line_items[0][original_line_item]', '$line']],
        why: 'a line of the sale',
      },
    ],
  },
  'GET /v1/tax/transactions/:id': {
    url: '/v1/tax/transactions/$transaction',
    expand: 'line_items',
    setup: taxed,
  },
  'GET /v1/tax/transactions/:id/line_items': {
    url: '/v1/tax/transactions/$transaction/line_items',
    expand: 'data.product',
    setup: async () => {
      const { transaction, line } = await taxed();
      return { transaction, cursor: line };
    },
    rules: [
      {
        when: /^expand/,
        expect: { status: 400 },
        why: 'a transaction line item has no field expand[] may replace',
      },
    ],
  },
};
