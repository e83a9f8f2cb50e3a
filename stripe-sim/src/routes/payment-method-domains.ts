import { Hono } from 'hono';
import type Stripe from 'stripe';
import type { SimEnv } from '../context';
import { invalidRequest } from '../errors';
import { newId, unixNow } from '../ids';
import { contract } from '../contract/contract';
import { parseParams, string, type Schema } from '../params';
import { load, respond, respondWithList } from './helpers';

/** A bare host name such as `shop.example.com`: no scheme, port or path. */
const domainName = (): Schema<string> => ({
  parse(value, param) {
    const text = string().parse(value, param).toLowerCase();
    const label = '[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?';
    if (text.length > 253 || !new RegExp(`^(${label}\\.)+${label}$`).test(text))
      throw invalidRequest(
        `Invalid domain_name: ${text}. Provide a domain name such as example.com, without ` +
          'https:// or a path.',
        { param },
      );
    return text;
  },
});

const createParams = contract('POST /v1/payment_method_domains', { domain_name: domainName() });
const updateParams = contract('POST /v1/payment_method_domains/:id');
const retrieveParams = contract('GET /v1/payment_method_domains/:id');
const listDomainParams = contract('GET /v1/payment_method_domains', { domain_name: domainName() });

/** In test mode every wallet is active on a registered domain (nothing to verify offline). */
const active = { status: 'active' } as const;

/**
 * Routes of /v1/payment_method_domains: the domains on which Elements may show wallets such as
 * Apple Pay and Google Pay.
 */
export const paymentMethodDomains = new Hono<SimEnv>()
  .post('/', (c) => {
    const params = parseParams(createParams, c.var.form);
    const { store } = c.var.sim;
    const taken = store.list('payment_method_domain', {
      limit: 1,
      where: (domain) => domain.domain_name === params.domain_name,
    });
    if (taken.data.length > 0)
      throw invalidRequest(
        `A payment method domain already exists for ${params.domain_name}: ${taken.data[0]?.id}.`,
        { param: 'domain_name' },
      );
    const domain = store.put<Stripe.PaymentMethodDomain>({
      id: newId('pmd'),
      object: 'payment_method_domain',
      amazon_pay: active,
      apple_pay: active,
      created: unixNow(),
      domain_name: params.domain_name,
      enabled: params.enabled ?? true,
      google_pay: active,
      klarna: active,
      link: active,
      livemode: false,
      paypal: active,
    });
    return respond(c, domain, params.expand);
  })
  .get('/', (c) => {
    const { domain_name: name, enabled, ...params } = parseParams(listDomainParams, c.var.form);
    return respondWithList(
      c,
      'payment_method_domain',
      params,
      (domain) =>
        (name === undefined || domain.domain_name === name) &&
        (enabled === undefined || domain.enabled === enabled),
    );
  })
  .get('/:id', (c) => {
    const params = parseParams(retrieveParams, c.var.form);
    return respond(c, load(c, 'payment_method_domain', c.req.param('id')), params.expand);
  })
  .post('/:id', (c) => {
    const params = parseParams(updateParams, c.var.form);
    const domain = load(c, 'payment_method_domain', c.req.param('id'));
    const updated = c.var.sim.store.put<Stripe.PaymentMethodDomain>({
      ...domain,
      ...(params.enabled !== undefined && { enabled: params.enabled }),
    });
    return respond(c, updated, params.expand);
  });
