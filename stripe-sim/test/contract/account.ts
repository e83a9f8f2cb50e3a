import { type Rule, type Scenario, stripe, unique } from './scenario';

/** The account, webhook endpoints and payment method domains (what `npm run setup` uses). */

const endpoint = async () => ({
  endpoint: (
    await stripe.webhookEndpoints.create({
      url: 'https://shop.example/hooks',
      enabled_events: ['charge.refunded'],
    })
  ).id,
});

/** A registered domain (each name is registered once): its id, and its name (a list's filter). */
const domain = async () => {
  const name = `pay-${crypto.randomUUID().slice(0, 8)}.shop.example`;
  const made = await stripe.paymentMethodDomains.create({ domain_name: name });
  return { domain_id: made.id, domain: made.domain_name };
};

/** Objects with no field `expand[]` may replace: any path is refused, as at Stripe. */
const nothingToExpand = (what: string): Rule => ({
  when: /^expand/,
  expect: { status: 400 },
  why: `a ${what} has no field expand[] may replace`,
});

/** Retrieving or updating one webhook endpoint. */
const oneEndpoint: Scenario = {
  url: '/v1/webhook_endpoints/$endpoint',
  expand: 'application',
  setup: endpoint,
  rules: [nothingToExpand('webhook endpoint')],
};

/** Retrieving or updating one payment method domain. */
const oneDomain: Scenario = {
  url: '/v1/payment_method_domains/$domain_id',
  expand: 'domain_name',
  setup: domain,
  rules: [nothingToExpand('payment method domain')],
};

export const ACCOUNT_SCENARIOS: Record<string, Scenario> = {
  // A test-mode account has no branding files: the expansion is null.
  'GET /v1/account': { url: '/v1/account', expand: 'settings.branding.icon' },

  'POST /v1/webhook_endpoints': {
    url: '/v1/webhook_endpoints',
    base: [['enabled_events[0]', '*']],
    expand: 'application',
    rules: [nothingToExpand('webhook endpoint')],
  },
  'GET /v1/webhook_endpoints': {
    url: '/v1/webhook_endpoints',
    expand: 'data.application',
    setup: async () => ({ cursor: (await endpoint()).endpoint }),
    rules: [nothingToExpand('webhook endpoint')],
  },
  'GET /v1/webhook_endpoints/:id': oneEndpoint,
  'POST /v1/webhook_endpoints/:id': oneEndpoint,
  'DELETE /v1/webhook_endpoints/:id': {
    url: '/v1/webhook_endpoints/$fresh',
    expand: '',
    fresh: { fresh: async () => ({ fresh: (await endpoint()).endpoint }) },
  },

  'POST /v1/payment_method_domains': {
    url: '/v1/payment_method_domains',
    expand: 'domain_name',
    // Each domain is registered once.
    fresh: unique('domain', (id) => `shop-${id}.example.com`),
    rules: [nothingToExpand('payment method domain')],
  },
  'GET /v1/payment_method_domains': {
    url: '/v1/payment_method_domains',
    expand: 'data.domain_name',
    setup: async () => {
      const { domain_id: id, domain: name } = await domain();
      return { cursor: id, domain: name };
    },
    rules: [nothingToExpand('payment method domain')],
  },
  'GET /v1/payment_method_domains/:id': oneDomain,
  'POST /v1/payment_method_domains/:id': oneDomain,
};
