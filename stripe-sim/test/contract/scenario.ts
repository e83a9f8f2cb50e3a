import type Stripe from 'stripe';
import type { ParamNode } from '../../src/contract/contract';
import { stripeClient } from '../helpers';
import type { Pair } from './probes';

/**
 * What test/contract.test.ts needs to send an endpoint every parameter: where to send it, what
 * each probe needs besides its own parameter, and the exceptions (Stripe's business rules, or what
 * the simulator does not simulate), each with its reason.
 */

export const stripe = stripeClient();
export const NOW = Math.floor(Date.now() / 1000);
export const CARD_YEAR = new Date().getUTCFullYear() + 2;

/** Fixture ids by name; `$name` in a scenario's url or pairs is replaced by one. */
export type Fixtures = Record<string, string>;

/** What a probe needs besides its own pairs, and what Stripe answers instead of accepting it. */
export interface Rule {
  /** The probes (by parameter name) it applies to. */
  when: RegExp;
  /** Pairs to send too (after the probe's, so they win). */
  with?: Pair[];
  /** Base pairs to leave out (their names start with one of these). */
  without?: string[];
  /** Not accepted: the status (and code) Stripe answers. */
  expect?: { status: number; code?: string };
  /** Stored, but not where the answer's type has the field (or only when expanded). */
  storedElsewhere?: true;
  why: string;
}

export interface Scenario {
  /** The request path (with fixture placeholders) and the pairs every probe sends. */
  url: string;
  base?: Pair[];
  /** Objects made once for all its probes (they may replace common ones of the same name). */
  setup?: (common: Fixtures) => Promise<Fixtures>;
  /** Objects made for each probe that names them (`$name`), as a probe uses them up. */
  fresh?: Record<string, (common: Fixtures) => Promise<Fixtures>>;
  key?: string;
  /** The `expand[]` path its `expand` probe sends. */
  expand: string;
  /**
   * Sample values for this endpoint, by parameter name (a reversal's amounts are negative), or by
   * the whole parameter in bracket syntax where one name means several things.
   */
  samples?: Record<string, string>;
  rules?: Rule[];
}

/** Sample values by parameter name; `$name` is replaced by that fixture's id in each probe. */
const STRINGS: Record<string, string> = {
  charge: '$charge',
  city: 'Springfield',
  client_secret: '$client_secret',
  confirmation_token: '$confirmation_token',
  country: 'US',
  coupon: '$coupon',
  customer: '$customer',
  customer_email: 'jenny@example.com',
  default_payment_method: '$saved_payment_method',
  domain_name: '$domain',
  ending_before: '$cursor',
  starting_after: '$cursor',
  destination: 'acct_1ProbeConnected',
  email: 'jenny@example.com',
  instructions_email: 'jenny@example.com',
  invoice_prefix: 'PROBE1',
  ip_address: '203.0.113.7',
  line1: '1 Main Street',
  number: '4242424242424242',
  cvc: '123',
  on_behalf_of: 'acct_1ProbeConnected',
  payment_intent: '$payment_intent',
  payment_method: '$payment_method',
  payment_method_types: 'card',
  phone: '+15555550100',
  postal_code: '94107',
  preferred_locales: 'en',
  receipt_email: 'jenny@example.com',
  reference: '$reference',
  return_url: 'https://shop.example/return',
  source: '$charge',
  state: 'CA',
  statement_descriptor_suffix: 'PROBE',
  tax_code: 'txcd_10000000',
  token: 'tok_visa',
  transfer_group: 'GROUP1',
  types: 'payment_intent.created',
  url: 'https://shop.example/hooks',
};
const INTEGERS: Record<string, number> = {
  accepted_at: NOW,
  amount: 1000,
  amount_to_capture: 1000,
  amount_to_confirm: 2000,
  application_fee_amount: 100,
  balance: 100,
  created: NOW,
  end_date: NOW + 86_400,
  exp_month: 12,
  exp_year: CARD_YEAR,
  expires_at: NOW + 3600,
  gt: NOW - 60,
  gte: NOW - 60,
  limit: 3,
  lt: NOW + 60,
  lte: NOW + 60,
  next_invoice_sequence: 2,
  posted_at: NOW,
  redeem_by: NOW + 86_400,
  start_date: NOW,
  tax_date: NOW,
  unit_cost: 1000,
  year: 2030,
};
/** Enum values chosen over the first one listed. */
const PREFERRED: Record<string, string> = {
  allowed_payment_method_types: 'card',
  type: 'card',
};

/** The sample value of a parameter that is not a hash, given its path and type. */
export function sampleFor(scenario: Scenario) {
  return (path: string[], node: ParamNode): string => {
    const name = [...path].reverse().find((segment) => !/^\d+$/.test(segment)) ?? '';
    const whole = path.map((segment, i) => (i === 0 ? segment : `[${segment}]`)).join('');
    const given = scenario.samples?.[whole] ?? scenario.samples?.[name];
    if (given !== undefined) return given;
    if (node.type === 'string' && node.enum) {
      const preferred = PREFERRED[name];
      return preferred && node.enum.includes(preferred) ? preferred : (node.enum[0] as string);
    }
    if (node.type === 'string' && node.format === 'currency') return 'usd';
    if (node.type === 'boolean') return 'true';
    if (node.type === 'decimal') return '1.5';
    if (node.type === 'integer') return String(INTEGERS[name] ?? 1);
    if (name === 'expand') return scenario.expand;
    return STRINGS[name] ?? 'probe';
  };
}

/** A PaymentIntent ready to confirm (2000 usd). */
export async function paymentIntent(params: Partial<Stripe.PaymentIntentCreateParams> = {}) {
  return stripe.paymentIntents.create({ amount: 2000, currency: 'usd', ...params });
}

/** Objects most probes name: a customer with a saved card, a paid PaymentIntent and its refund. */
export async function commonFixtures(): Promise<Fixtures> {
  const pm = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
  const customer = await stripe.customers.create({ payment_method: pm.id });
  const paid = await paymentIntent({
    customer: customer.id,
    payment_method: 'pm_card_visa',
    confirm: true,
  });
  const refund = await stripe.refunds.create({ payment_intent: paid.id, amount: 100 });
  const charge = await stripe.charges.retrieve(paid.latest_charge as string);
  const token = await stripe.testHelpers.confirmationTokens.create({
    payment_method: 'pm_card_visa',
  });
  const [event] = (await stripe.events.list({ limit: 1 })).data;
  const unsaved = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
  const coupon = await stripe.coupons.create({ percent_off: 10 });
  return {
    customer: customer.id,
    saved_payment_method: pm.id,
    payment_method: unsaved.id,
    payment_intent: paid.id,
    client_secret: paid.client_secret as string,
    charge: charge.id,
    refund: refund.id,
    balance_transaction: charge.balance_transaction as string,
    confirmation_token: token.id,
    event: event?.id as string,
    coupon: coupon.id,
  };
}

/** A list's pagination cursor: an object of the listed type. */
export const cursor = (fixture: string) => async (common: Fixtures) => ({
  cursor: common[fixture] as string,
});

/** Values that must be unique per request (a tax transaction's reference, a domain). */
export const unique = (name: string, make: (id: string) => string) => ({
  [name]: async () => ({ [name]: make(crypto.randomUUID().slice(0, 8)) }),
});
