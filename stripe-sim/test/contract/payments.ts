import type { Pair } from './probes';
import { CARD_YEAR, type Rule, type Scenario, cursor, paymentIntent, stripe } from './scenario';
import { PUBLISHABLE_KEY } from '../helpers';

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
      ['payment_method_data[card][exp_year]', String(CARD_YEAR)],
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

const noExpansions: Rule = {
  when: /^expand/,
  expect: { status: 400 },
  why: 'an event has no field expand[] may replace',
};

/** A fresh ConfirmationToken for the probes that use one up. */
const freshToken = async () => ({
  confirmation_token: (
    await stripe.testHelpers.confirmationTokens.create({ payment_method: 'pm_card_visa' })
  ).id,
});

/** A dispute (of test card 4000 0000 0000 0259), as fixture `name`. */
const disputed =
  (name = 'dispute') =>
  async (): Promise<Record<string, string>> => {
    const pi = await paymentIntent({ payment_method: 'pm_card_createDispute', confirm: true });
    const [dispute] = (await stripe.disputes.list({ payment_intent: pi.id })).data;
    return { [name]: dispute!.id };
  };

/** PaymentIntents, PaymentMethods, ConfirmationTokens, charges, refunds, disputes, customers,
 * balance transactions and events. */
export const PAYMENT_SCENARIOS: Record<string, Scenario> = {
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
          ['card[exp_year]', String(CARD_YEAR)],
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
  'GET /v1/disputes': { url: '/v1/disputes', expand: 'data.charge', setup: disputed('cursor') },
  'GET /v1/disputes/:id': { url: '/v1/disputes/$dispute', expand: 'charge', setup: disputed() },
  // Submitted evidence (anything but test mode's deciding texts) leaves it open, under review.
  'POST /v1/disputes/:id': { url: '/v1/disputes/$dispute', expand: 'charge', setup: disputed() },
  'POST /v1/disputes/:id/close': {
    url: '/v1/disputes/$dispute/close',
    expand: 'charge',
    fresh: { dispute: disputed() },
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
