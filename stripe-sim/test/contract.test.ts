import type Stripe from 'stripe';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createSimulatorApp } from '../src/app';
import type { Simulator } from '../src/context';
import type { ParamNode } from '../src/contract/contract';
import { type Pair, type Probe, batches, fieldAt, probes, together } from './contract-probes';
import { PUBLISHABLE_KEY, api, resetAll, stripeClient } from './helpers';

/**
 * The parameter contract: every parameter the installed stripe-node declares for an endpoint the
 * simulator serves is accepted (sent alone, with a valid sample value and what it requires), and
 * where the answer has the field, the answer holds the value. The contract is derived from
 * stripe-node's type files when the tests start (tools/test-setup.mjs), so after a stripe-node
 * upgrade this test lists what is new. The exceptions below are Stripe's own business rules or
 * what the simulator does not simulate, each with its reason (stripe-sim/README.md lists them).
 */

const contract = inject('stripeContract');
const stripe = stripeClient();
const NOW = Math.floor(Date.now() / 1000);

/**
 * Routes that still check their parameters with hand-written schemas (params.ts), written before
 * the contract: they accept the parameters they implement, not yet all stripe-node declares. Each
 * moves to the contract with a line in endpoints.ts and `contract(endpoint, overrides)` in its
 * route (its stricter checks kept as overrides), and a scenario below.
 */
const NOT_YET_ON_THE_CONTRACT = [
  'POST /v1/coupons',
  'GET /v1/coupons',
  'GET /v1/coupons/:id',
  'POST /v1/coupons/:id',
  'DELETE /v1/coupons/:id',
  'POST /v1/promotion_codes',
  'GET /v1/promotion_codes',
  'GET /v1/promotion_codes/:id',
  'POST /v1/promotion_codes/:id',
  'POST /v1/tax/calculations',
  'GET /v1/tax/calculations/:id',
  'GET /v1/tax/calculations/:id/line_items',
  'POST /v1/tax/transactions/create_from_calculation',
  'POST /v1/tax/transactions/create_reversal',
  'GET /v1/tax/transactions/:id',
  'GET /v1/tax/transactions/:id/line_items',
  'GET /v1/account',
  'POST /v1/webhook_endpoints',
  'GET /v1/webhook_endpoints',
  'GET /v1/webhook_endpoints/:id',
  'POST /v1/webhook_endpoints/:id',
  'DELETE /v1/webhook_endpoints/:id',
  'POST /v1/payment_method_domains',
  'GET /v1/payment_method_domains',
  'GET /v1/payment_method_domains/:id',
  'POST /v1/payment_method_domains/:id',
  'POST /v1/checkout/sessions',
  'GET /v1/checkout/sessions',
  'GET /v1/checkout/sessions/:id',
  'GET /v1/checkout/sessions/:id/line_items',
  'POST /v1/checkout/sessions/:id/expire',
];

it('every API route the simulator serves is in the contract (src/contract/endpoints.ts)', () => {
  const served = createSimulatorApp({} as Simulator)
    .routes.filter((route) => route.path.startsWith('/v1/') && route.method !== 'ALL')
    .map((route) => `${route.method} ${route.path.replace(/(.)\/$/, '$1')}`);
  const covered = Object.keys(contract.endpoints);
  expect(covered.filter((endpoint) => NOT_YET_ON_THE_CONTRACT.includes(endpoint))).toEqual([]);
  expect([...new Set(served)].sort()).toEqual([...covered, ...NOT_YET_ON_THE_CONTRACT].sort());
});

/** Sample values by parameter name; `$name` is replaced by that fixture's id in each probe. */
const STRINGS: Record<string, string> = {
  charge: '$charge',
  city: 'Springfield',
  client_secret: '$client_secret',
  confirmation_token: '$confirmation_token',
  country: 'US',
  currency: 'usd',
  customer: '$customer',
  default_payment_method: '$saved_payment_method',
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
  return_url: 'https://shop.example/return',
  source: '$charge',
  statement_descriptor_suffix: 'PROBE',
  token: 'tok_visa',
  transfer_group: 'GROUP1',
  types: 'payment_intent.created',
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
  exp_year: new Date().getUTCFullYear() + 2,
  expires_at: NOW + 3600,
  gt: NOW - 60,
  gte: NOW - 60,
  limit: 3,
  lt: NOW + 60,
  lte: NOW + 60,
  next_invoice_sequence: 2,
  start_date: NOW,
  unit_cost: 1000,
  year: 2030,
};
/** Enum values chosen over the first one listed. */
const PREFERRED: Record<string, string> = {
  allowed_payment_method_types: 'card',
  type: 'card',
};

function sampleFor(expandPath: string) {
  return (path: string[], node: ParamNode): string => {
    const name = [...path].reverse().find((segment) => !/^\d+$/.test(segment)) ?? '';
    if (node.type === 'string' && node.enum) {
      const preferred = PREFERRED[name];
      return preferred && node.enum.includes(preferred) ? preferred : (node.enum[0] as string);
    }
    if (node.type === 'boolean') return 'true';
    if (node.type === 'decimal') return '1.5';
    if (node.type === 'integer') return String(INTEGERS[name] ?? 1);
    if (name === 'expand') return expandPath;
    return STRINGS[name] ?? 'probe';
  };
}

/** What a probe needs besides its own pairs, and what Stripe answers instead of accepting it. */
interface Rule {
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

type Fixtures = Record<string, string>;

interface Scenario {
  /** The request path (with fixture placeholders) and the pairs every probe sends. */
  url: string;
  base?: Pair[];
  /** Objects made once for all its probes. */
  setup?: (common: Fixtures) => Promise<Fixtures>;
  /** Objects made for each probe that names them (`$name`), as a probe uses them up. */
  fresh?: Record<string, (common: Fixtures) => Promise<Fixtures>>;
  key?: string;
  expand: string;
  rules?: Rule[];
}

const card: Pair[] = [['payment_method_data[card][token]', 'tok_visa']];
const confirmed = (pm = 'pm_card_visa'): Pair[] => [
  ['confirm', 'true'],
  ['payment_method', pm],
];
const NON_CARD_DETAILS =
  /^payment_method_data\[(?!type|card|billing_details|metadata|allow_redisplay|radar_options)/;

/** Rules shared by the endpoints that take payment_method_data. */
const paymentMethodDataRules: Rule[] = [
  {
    when: NON_CARD_DETAILS,
    expect: { status: 400, code: 'payment_method_unactivated' },
    why: 'the simulated account takes cards only (other payment method types are not simulated)',
  },
  {
    when: /^payment_method_data\[(?!card\])/,
    with: card,
    why: 'a card PaymentMethod needs card details',
  },
  {
    when: /^payment_method_data\[card\]\[(?!token)/,
    with: [
      ['payment_method_data[card][number]', '4242424242424242'],
      ['payment_method_data[card][exp_month]', '12'],
      ['payment_method_data[card][exp_year]', String(INTEGERS.exp_year)],
    ],
    why: 'card details go together',
  },
];

const statementDescriptor: Rule = {
  when: /^statement_descriptor$/,
  expect: { status: 400 },
  why: 'stripe-node documents it: "Setting this value for a card charge returns an error"',
};

const piRules = (base: 'create' | 'confirm' | 'update'): Rule[] => [
  ...paymentMethodDataRules,
  statementDescriptor,
  {
    when: /^mandate$/,
    ...(base === 'create' && { with: confirmed() }),
    expect: { status: 400, code: 'resource_missing' },
    why: 'no Mandate exists in the simulator to name',
  },
  {
    when: /^payment_method_options\[(?!card\])/,
    storedElsewhere: true,
    why: "Stripe shows options only for the PaymentIntent's payment_method_types (card)",
  },
  {
    when: /^payment_method_configuration$/,
    storedElsewhere: true,
    why: 'returned as payment_method_configuration_details[id]',
  },
];

/** A PaymentIntent ready to confirm (2000 usd, for the given customer). */
async function paymentIntent(params: Partial<Stripe.PaymentIntentCreateParams> = {}) {
  return stripe.paymentIntents.create({ amount: 2000, currency: 'usd', ...params });
}

/** Objects most probes name: a customer with a saved card, a paid PaymentIntent and its refund. */
async function commonFixtures(): Promise<Fixtures> {
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
  };
}

const noExpansions: Rule = {
  when: /^expand/,
  expect: { status: 400 },
  why: 'an event has no field expand[] may replace',
};

/** A list's pagination cursor: an object of the listed type. */
const cursor = (fixture: string) => async (common: Fixtures) => ({
  cursor: common[fixture] as string,
});

/** A fresh ConfirmationToken for the probes that use one up. */
const freshToken = async () => ({
  confirmation_token: (
    await stripe.testHelpers.confirmationTokens.create({ payment_method: 'pm_card_visa' })
  ).id,
});

const SCENARIOS: Record<string, Scenario> = {
  'POST /v1/payment_intents': {
    url: '/v1/payment_intents',
    expand: 'latest_charge',
    fresh: { confirmation_token: freshToken },
    rules: [
      ...piRules('create'),
      {
        when: /^(off_session|error_on_requires_action|mandate_data|return_url|use_stripe_sdk)/,
        with: confirmed(),
        why: 'stripe-node documents it: "can only be used with confirm=true"',
      },
      { when: /^confirmation_token$/, with: [['confirm', 'true']], why: 'the same' },
      { when: /^confirm$/, with: [['payment_method', 'pm_card_visa']], why: 'needs a card' },
    ],
  },
  'GET /v1/payment_intents': {
    url: '/v1/payment_intents',
    expand: 'data.latest_charge',
    setup: cursor('payment_intent'),
  },
  'GET /v1/payment_intents/:id': {
    url: '/v1/payment_intents/$payment_intent',
    expand: 'latest_charge',
  },
  'POST /v1/payment_intents/:id': {
    // Updates leave it unpaid: one PaymentIntent takes them all.
    url: '/v1/payment_intents/$updatable',
    expand: 'latest_charge',
    // With a transfer, whose amount and details an update may change.
    setup: async () => ({
      updatable: (await paymentIntent({ transfer_data: { destination: 'acct_1ProbeConnected' } }))
        .id,
    }),
    rules: piRules('update'),
  },
  'POST /v1/payment_intents/:id/confirm': {
    url: '/v1/payment_intents/$fresh/confirm',
    base: [['payment_method', 'pm_card_visa']],
    expand: 'latest_charge',
    fresh: {
      fresh: async () => {
        const pi = await paymentIntent();
        return { fresh: pi.id, client_secret: pi.client_secret as string };
      },
      confirmation_token: freshToken,
    },
    rules: [
      ...piRules('confirm'),
      {
        when: /^(payment_method|payment_method_data|confirmation_token)\b/,
        without: ['payment_method'],
        why: 'one way of naming the payment method at a time',
      },
    ],
  },
  'POST /v1/payment_intents/:id/cancel': {
    url: '/v1/payment_intents/$fresh/cancel',
    expand: 'latest_charge',
    fresh: { fresh: async () => ({ fresh: (await paymentIntent()).id }) },
  },
  'POST /v1/payment_intents/:id/capture': {
    url: '/v1/payment_intents/$fresh/capture',
    expand: 'latest_charge',
    fresh: {
      fresh: async () => ({
        fresh: (
          await paymentIntent({
            capture_method: 'manual',
            payment_method: 'pm_card_visa',
            confirm: true,
            transfer_data: { destination: 'acct_1ProbeConnected' },
          })
        ).id,
      }),
    },
    rules: [statementDescriptor],
  },
  'POST /v1/payment_methods': {
    url: '/v1/payment_methods',
    expand: 'customer',
    rules: [
      {
        when: /^(?!type|card|billing_details|metadata|allow_redisplay|radar_options|customer|payment_method|expand)/,
        expect: { status: 400, code: 'payment_method_unactivated' },
        why: 'the simulated account takes cards only (other payment method types are not simulated)',
      },
      { when: /^card\[token\]$/, with: [['type', 'card']], why: 'a card PaymentMethod' },
      {
        when: /^card\[(?!token)/,
        with: [
          ['type', 'card'],
          ['card[number]', '4242424242424242'],
          ['card[exp_month]', '12'],
          ['card[exp_year]', String(INTEGERS.exp_year)],
        ],
        why: 'card details go together',
      },
      {
        when: /^customer$/,
        with: [['payment_method', '$saved_payment_method']],
        storedElsewhere: true,
        why:
          'customer names the owner of the PaymentMethod to copy (payment_method); ' +
          'the copy, made for another account, is saved to no customer',
      },
      {
        when: /^(type|billing_details|metadata|allow_redisplay|radar_options|expand)/,
        with: [
          ['type', 'card'],
          ['card[token]', 'tok_visa'],
        ],
        why: 'a card PaymentMethod needs card details',
      },
    ],
  },
  'GET /v1/payment_methods/:id': { url: '/v1/payment_methods/$payment_method', expand: 'customer' },
  'POST /v1/confirmation_tokens': {
    url: '/v1/confirmation_tokens',
    key: PUBLISHABLE_KEY,
    base: [['payment_method_data[type]', 'card'], ...card],
    expand: 'payment_method_preview.customer',
    rules: [
      ...paymentMethodDataRules,
      { when: /^payment_method$/, without: ['payment_method_data'], why: 'one or the other' },
      {
        when: /^payment_method_data\[card\]\[(?!token)/,
        without: ['payment_method_data[card][token]'],
        why: 'card details instead of a token',
      },
    ],
  },
  'POST /v1/test_helpers/confirmation_tokens': {
    url: '/v1/test_helpers/confirmation_tokens',
    base: [['payment_method', 'pm_card_visa']],
    expand: 'payment_method_preview.customer',
    rules: [
      ...paymentMethodDataRules,
      { when: /^payment_method_data/, without: ['payment_method'], why: 'one or the other' },
    ],
  },
  'GET /v1/confirmation_tokens/:id': {
    url: '/v1/confirmation_tokens/$confirmation_token',
    expand: 'payment_method_preview.customer',
  },
  'GET /v1/charges': {
    url: '/v1/charges',
    expand: 'data.balance_transaction',
    setup: cursor('charge'),
  },
  'GET /v1/charges/:id': { url: '/v1/charges/$charge', expand: 'balance_transaction' },
  'POST /v1/refunds': {
    url: '/v1/refunds',
    base: [['payment_intent', '$fresh']],
    expand: 'balance_transaction',
    setup: async () => ({ customer: (await stripe.customers.create()).id }),
    fresh: {
      fresh: async ({ customer }) => {
        const pi = await paymentIntent({ customer, payment_method: 'pm_card_visa', confirm: true });
        return { fresh: pi.id, charge: pi.latest_charge as string };
      },
      charge: async ({ customer }) => {
        const pi = await paymentIntent({ customer, payment_method: 'pm_card_visa', confirm: true });
        return { charge: pi.latest_charge as string };
      },
    },
    rules: [
      { when: /^(charge|payment_intent)$/, without: ['payment_intent'], why: 'one or the other' },
      {
        when: /^origin$/,
        expect: { status: 400 },
        why: 'refunds of a customer balance are not simulated (no cash balances)',
      },
    ],
  },
  'GET /v1/refunds': {
    url: '/v1/refunds',
    expand: 'data.balance_transaction',
    setup: cursor('refund'),
  },
  'GET /v1/refunds/:id': { url: '/v1/refunds/$refund', expand: 'balance_transaction' },
  'POST /v1/refunds/:id': { url: '/v1/refunds/$refund', expand: 'balance_transaction' },
  'POST /v1/refunds/:id/cancel': {
    url: '/v1/refunds/$refund/cancel',
    expand: 'balance_transaction',
    rules: [
      {
        when: /./,
        expect: { status: 400 },
        why: 'card refunds succeed at once: none is left to cancel (requires_action)',
      },
    ],
  },
  'POST /v1/customers': {
    url: '/v1/customers',
    expand: 'invoice_settings.default_payment_method',
    // A card of its own, to save to the new customer.
    fresh: {
      saved_payment_method: async () => ({
        saved_payment_method: (
          await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } })
        ).id,
      }),
    },
    rules: [
      {
        when: /^source$/,
        expect: { status: 400 },
        why: 'Sources and Cards (the legacy Charges API) are not simulated',
      },
      {
        when: /^test_clock$/,
        expect: { status: 400, code: 'resource_missing' },
        why: 'no test clock exists in the simulator',
      },
      {
        when: /^invoice_settings\[default_payment_method\]$/,
        with: [['payment_method', '$saved_payment_method']],
        why: 'the default payment method must be saved to the customer',
      },
      {
        when: /^(tax|cash_balance)\[/,
        storedElsewhere: true,
        why: 'shown only when expanded (expand[]=tax, expand[]=cash_balance), as Stripe shows them',
      },
    ],
  },
  'GET /v1/customers': {
    url: '/v1/customers',
    expand: 'data.default_source',
    setup: cursor('customer'),
  },
  'GET /v1/customers/:id': { url: '/v1/customers/$customer', expand: 'default_source' },
  'POST /v1/customers/:id': {
    url: '/v1/customers/$customer',
    expand: 'invoice_settings.default_payment_method',
    rules: [
      {
        when: /^(source|default_source)$/,
        expect: { status: 400 },
        why: 'Sources and Cards (the legacy Charges API) are not simulated',
      },
      {
        when: /^(tax|cash_balance)\[/,
        storedElsewhere: true,
        why: 'shown only when expanded, as Stripe shows them',
      },
    ],
  },
  'DELETE /v1/customers/:id': {
    url: '/v1/customers/$fresh',
    expand: '',
    fresh: { fresh: async () => ({ fresh: (await stripe.customers.create()).id }) },
  },
  'GET /v1/balance_transactions': {
    url: '/v1/balance_transactions',
    expand: 'data.source',
    setup: cursor('balance_transaction'),
    rules: [
      {
        when: /^payout$/,
        expect: { status: 400, code: 'resource_missing' },
        why: 'the simulator makes no payouts',
      },
    ],
  },
  'GET /v1/balance_transactions/:id': {
    url: '/v1/balance_transactions/$balance_transaction',
    expand: 'source',
  },
  'GET /v1/events': {
    url: '/v1/events',
    expand: 'data.data',
    setup: cursor('event'),
    rules: [noExpansions],
  },
  'GET /v1/events/:id': {
    url: '/v1/events/$event',
    expand: 'data',
    rules: [noExpansions],
  },
};

const fill = (text: string, fixtures: Fixtures) =>
  text.replace(/\$(\w+)/g, (_, name: string) => fixtures[name] ?? `$${name}`);

/** The request a probe makes: its pairs, the rule's, and the base pairs the rule does not drop. */
function pairsOf(scenario: Scenario, probe: Probe, rules: Rule[]): Pair[] {
  const without = rules.flatMap((rule) => rule.without ?? []);
  const base = (scenario.base ?? []).filter(
    ([name]) => !without.some((prefix) => name.startsWith(prefix)),
  );
  return [...base, ...probe.pairs, ...rules.flatMap((rule) => rule.with ?? [])];
}

/** The fixtures a request names, the fresh ones made now. */
async function fixturesFor(scenario: Scenario, text: string, common: Fixtures) {
  let fixtures = { ...common };
  for (const [name, make] of Object.entries(scenario.fresh ?? {}))
    if (text.includes(`$${name}`)) fixtures = { ...fixtures, ...(await make(common)) };
  return fixtures;
}

/** The values the answer does not hold where its type has the field. */
function notStored(endpoint: string, probe: Probe, answer: unknown, fixtures: Fixtures) {
  const tree = contract.returns[endpoint];
  return probe.values.filter((sent) => {
    const found = tree && sent.value !== '' ? fieldAt(tree, answer, sent.path) : undefined;
    return found !== undefined && String(found.value) !== fill(sent.value, fixtures);
  });
}

/** What is wrong with the simulator's answer to a probe, if anything. */
async function check(
  endpoint: string,
  scenario: Scenario,
  probe: Probe,
  rules: Rule[],
  common: Fixtures,
): Promise<string | undefined> {
  const [method] = endpoint.split(' ') as [string];
  const pairs = pairsOf(scenario, probe, rules);
  const fixtures = await fixturesFor(scenario, scenario.url + JSON.stringify(pairs), common);
  const body = new URLSearchParams(
    pairs.map(([name, value]): Pair => [name, fill(value, fixtures)]),
  ).toString();
  const url = fill(scenario.url, fixtures);
  const inQuery = method === 'GET' || method === 'DELETE';
  const response = await api(inQuery && body ? `${url}?${body}` : url, {
    method,
    ...(scenario.key && { key: scenario.key }),
    ...(!inQuery && { body }),
  });
  const answer = (await response.json()) as { error?: { code?: string; message?: string } };
  const expected = rules.find((rule) => rule.expect)?.expect;
  if (expected) {
    const code = answer.error?.code;
    if (response.status !== expected.status || (expected.code && code !== expected.code))
      return `${probe.name}: expected ${expected.status} ${expected.code ?? ''}, got ${response.status} ${code ?? ''}`;
    return undefined;
  }
  if (!response.ok) return `${probe.name}: ${response.status} ${answer.error?.message}`;
  if (method !== 'POST' || rules.some((rule) => rule.storedElsewhere)) return undefined;
  const missing = notStored(endpoint, probe, answer, fixtures);
  if (missing.length > 0)
    return `${probe.name}: accepted, not returned: ${missing.map((sent) => sent.path.join('.')).join(', ')}`;
  return undefined;
}

/**
 * The problems of probes sent together: none if the simulator takes them all; otherwise the
 * probes are sent again in halves, down to the ones it refuses alone (two parameters that Stripe
 * refuses together, each accepted alone, are not a problem).
 */
async function problemsOf(
  endpoint: string,
  scenario: Scenario,
  batch: Probe[],
  rules: Rule[],
  common: Fixtures,
): Promise<string[]> {
  const problem = await check(endpoint, scenario, together(batch), rules, common);
  if (!problem) return [];
  if (batch.length === 1) return [problem];
  const half = Math.ceil(batch.length / 2);
  return [
    ...(await problemsOf(endpoint, scenario, batch.slice(0, half), rules, common)),
    ...(await problemsOf(endpoint, scenario, batch.slice(half), rules, common)),
  ];
}

/** Probes to send together: the ones the same rules apply to, each refused one alone. */
function plan(scenario: Scenario, all: Probe[]) {
  const groups = new Map<string, { rules: Rule[]; probes: Probe[] }>();
  all.forEach((probe, i) => {
    const rules = (scenario.rules ?? []).filter((rule) => rule.when.test(probe.name));
    const key = rules.some((rule) => rule.expect)
      ? `alone ${i}`
      : rules.map((rule) => (scenario.rules ?? []).indexOf(rule)).join();
    const group = groups.get(key) ?? { rules, probes: [] };
    group.probes.push(probe);
    groups.set(key, group);
  });
  return [...groups.values()].flatMap(({ rules, probes: grouped }) =>
    batches(grouped, 40).map((batch) => ({ rules, batch })),
  );
}

describe.each(Object.keys(contract.endpoints))('%s', (endpoint) => {
  const scenario = SCENARIOS[endpoint];
  it('has a probe scenario in this test', () => {
    expect(scenario, `add ${endpoint} to SCENARIOS`).toBeDefined();
  });
  if (!scenario) return;
  const all = probes(contract, endpoint, sampleFor(scenario.expand));
  let common: Fixtures = {};
  beforeAll(async () => {
    await resetAll();
    common = await commonFixtures();
    common = { ...common, ...(await scenario.setup?.(common)) };
  }, 60_000);

  it(`accepts each of its ${all.length} parameters as stripe-node declares them`, async () => {
    const problems: string[] = [];
    for (const { rules, batch } of plan(scenario, all))
      problems.push(...(await problemsOf(endpoint, scenario, batch, rules, common)));
    expect(problems).toEqual([]);
  }, 300_000);
});
