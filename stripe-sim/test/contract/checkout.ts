import type Stripe from 'stripe';
import type { Pair } from './probes';
import { type Rule, type Scenario, stripe } from './scenario';

/** Checkout Sessions, in payment mode on the hosted page (what the simulator serves). */

/** One line of $10 and where to go once paid: what every session needs. */
const session: Pair[] = [
  ['mode', 'payment'],
  ['success_url', 'https://shop.example/done'],
  ['line_items[0][price_data][currency]', 'usd'],
  ['line_items[0][price_data][product_data][name]', 'T-shirt'],
  ['line_items[0][price_data][unit_amount]', '1000'],
  ['line_items[0][quantity]', '1'],
];

const line: Stripe.Checkout.SessionCreateParams.LineItem = {
  price_data: { currency: 'usd', product_data: { name: 'T-shirt' }, unit_amount: 1000 },
  quantity: 1,
};

const open = async () => {
  const made = await stripe.checkout.sessions.create({
    mode: 'payment',
    success_url: 'https://shop.example/done',
    line_items: [line],
  });
  return { session: made.id };
};

/**
 * What an earlier session made, which a later one may name: its product and shipping rate; and a
 * promotion code of the common coupon.
 */
async function madeBefore({ coupon }: Record<string, string>) {
  const made = await stripe.checkout.sessions.create({
    mode: 'payment',
    success_url: 'https://shop.example/done',
    line_items: [line],
    shipping_options: [
      {
        shipping_rate_data: {
          display_name: 'Standard',
          fixed_amount: { amount: 500, currency: 'usd' },
        },
      },
    ],
    expand: ['line_items'],
  });
  const price = made.line_items?.data[0]?.price as Stripe.Price;
  const code = await stripe.promotionCodes.create({
    promotion: { type: 'coupon', coupon: coupon as string },
  });
  return {
    product: price.product as string,
    shipping_rate: made.shipping_cost?.shipping_rate as string,
    promotion_code: code.id,
  };
}

/** Refused as Stripe refuses it, or as what the simulator does not simulate (by `what`). */
const refused = (when: RegExp, why: string, code?: string): Rule => ({
  when,
  expect: { status: 400, ...(code && { code }) },
  why,
});

const RULES: Rule[] = [
  refused(
    /^payment_method_options\[(?!card\])/,
    'the simulated account takes cards only (other payment method types are not simulated)',
    'payment_method_invalid_parameter',
  ),
  refused(
    /^(subscription_data|setup_intent_data|payment_method_collection)/,
    'Stripe refuses them in payment mode ("You can not pass `subscription_data` in `payment` mode.")',
  ),
  refused(
    /^(return_url|redirect_on_completion)$/,
    'Stripe takes them with an embedded ui_mode only, which the simulator does not serve',
  ),
  refused(
    /^line_items\[0\]\[price_data\]\[recurring\]/,
    'Stripe refuses a recurring price in payment mode',
  ),
  refused(
    /^payment_intent_data\[statement_descriptor\]$/,
    'stripe-node documents it: "Setting this value for a card charge returns an error"',
  ),
  refused(
    /^payment_intent_data\[(application_fee_amount|on_behalf_of|transfer_data)\]/,
    'Connect: the simulated account has no connected accounts',
  ),
  refused(
    /^(customer_account|automatic_tax\[liability\]\[account\])$/,
    'Connect: the simulated account has no connected accounts',
    'resource_missing',
  ),
  refused(
    /^(line_items\[0\]\[(price|tax_rates)\]|optional_items|payment_method_configuration$)/,
    'the simulator keeps no saved Prices, tax rates or payment method configurations',
    'resource_missing',
  ),
  refused(
    /\[tax_details\]\[performance_location\]$/,
    'the simulator keeps no tax locations',
    'resource_missing',
  ),
  refused(
    /^(invoice_creation|adaptive_pricing|after_expiration|managed_payments)/,
    'not simulated: invoices, exchange rates, recovery links, Stripe as merchant of record',
  ),
  {
    when: /^automatic_tax\[/,
    with: [['line_items[0][price_data][tax_behavior]', 'exclusive']],
    why: 'automatic tax needs the price to say its tax behaviour (the account sets no default)',
  },
  {
    when: /^automatic_tax\[liability\]\[account\]$/,
    with: [['automatic_tax[liability][type]', 'account']],
    why: 'an account is named for type=account',
  },
  {
    when: /^line_items\[0\]\[price\]$/,
    without: ['line_items[0][price_data]'],
    why: 'a saved Price instead of price_data',
  },
  {
    when: /^line_items\[0\]\[price_data\]\[product\]$/,
    without: ['line_items[0][price_data][product_data]'],
    why: 'a product made by an earlier session instead of product_data',
  },
  {
    when: /^line_items\[0\]\[price_data\]\[unit_amount_decimal\]$/,
    without: ['line_items[0][price_data][unit_amount]'],
    why: 'one or the other',
  },
  {
    when: /^custom_fields\[0\]\[numeric\]/,
    with: [['custom_fields[0][type]', 'numeric']],
    why: 'numeric options are for a numeric field',
  },
  {
    when: /^custom_fields\[0\]\[(label|optional|text|type)/,
    with: [['custom_fields[0][type]', 'text']],
    why: 'a text field (a dropdown needs its options)',
  },
  {
    when: /^customer_update/,
    with: [['customer', '$customer']],
    why: 'Stripe updates the customer named by customer',
  },
  {
    when: /^shipping_options\[0\]\[shipping_rate_data\]\[(?!fixed_amount)/,
    with: [
      ['shipping_options[0][shipping_rate_data][fixed_amount][amount]', '500'],
      ['shipping_options[0][shipping_rate_data][fixed_amount][currency]', 'usd'],
    ],
    why: 'a fixed_amount rate (the only type) needs its amount',
  },
];

export const CHECKOUT_SCENARIOS: Record<string, Scenario> = {
  'POST /v1/checkout/sessions': {
    url: '/v1/checkout/sessions',
    base: session,
    expand: 'line_items',
    setup: madeBefore,
    samples: {
      cancel_url: 'https://shop.example/cart',
      success_url: 'https://shop.example/done',
      product: '$product',
      promotion_code: '$promotion_code',
      shipping_rate: '$shipping_rate',
      // Each at least Stripe's minimum charge.
      unit_amount: '1000',
      unit_amount_decimal: '1000.5',
      // The page the simulator serves (the embedded ones are refused, as not simulated).
      ui_mode: 'hosted_page',
      // The account itself is liable (an account named needs Connect, refused below).
      'automatic_tax[liability][type]': 'self',
    },
    rules: RULES,
  },
  'GET /v1/checkout/sessions': {
    url: '/v1/checkout/sessions',
    expand: 'data.line_items',
    setup: async () => ({ cursor: (await open()).session }),
  },
  'GET /v1/checkout/sessions/:id': {
    url: '/v1/checkout/sessions/$session',
    expand: 'line_items',
    setup: open,
  },
  'GET /v1/checkout/sessions/:id/line_items': {
    url: '/v1/checkout/sessions/$session/line_items',
    expand: 'data.price.product',
    setup: async () => {
      const { session: id } = await open();
      const items = await stripe.checkout.sessions.listLineItems(id);
      return { session: id, cursor: items.data[0]?.id as string };
    },
  },
  'POST /v1/checkout/sessions/:id/expire': {
    url: '/v1/checkout/sessions/$fresh/expire',
    expand: 'line_items',
    fresh: { fresh: async () => ({ fresh: (await open()).session }) },
  },
};
