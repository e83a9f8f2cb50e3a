import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { desiredSecrets, secretsToWrite } from './secrets.mjs';
import { fingerprint } from './state.mjs';
import { planWebhook } from './webhook.mjs';

const EVENTS = ['payment_intent.succeeded', 'charge.refunded'];
const VERSION = '2026-10-28.endive';

const endpoint = (id: string, fields: Partial<Stripe.WebhookEndpoint> = {}) =>
  ({
    id,
    object: 'webhook_endpoint',
    url: 'https://shop.example.com/webhook',
    enabled_events: [...EVENTS],
    api_version: VERSION,
    status: 'enabled',
    created: 1,
    ...fields,
  }) as Stripe.WebhookEndpoint;

const plan = (existing: Stripe.WebhookEndpoint[], workerHas?: string, secretSupplied = false) =>
  planWebhook({ existing, events: EVENTS, apiVersion: VERSION, workerHas, secretSupplied });

describe('planWebhook', () => {
  it('creates an endpoint when there is none', () => {
    expect(plan([])).toMatchObject({ create: true, keep: undefined, remove: [] });
  });

  it('keeps the endpoint the Worker has the secret of, fixing its events and status', () => {
    const result = plan([endpoint('we_1', { enabled_events: ['*'], status: 'disabled' })], 'we_1');
    expect(result).toMatchObject({
      create: false,
      update: { enabled_events: EVENTS, disabled: false },
      remove: [],
    });
    expect(result.keep?.id).toBe('we_1');
    expect(plan([endpoint('we_1', { enabled_events: [...EVENTS].reverse() })], 'we_1').update).toBe(
      undefined,
    );
  });

  it('keeps one of several endpoints at the URL and removes the others', () => {
    const result = plan(
      [endpoint('we_old', { created: 1 }), endpoint('we_mine', { created: 2 })],
      'we_mine',
    );
    expect(result.keep?.id).toBe('we_mine');
    expect(result.remove.map((e) => e.id)).toEqual(['we_old']);
  });

  it('replaces an endpoint whose secret is unknown, or whose API version differs', () => {
    expect(plan([endpoint('we_1')])).toMatchObject({
      create: true,
      reason: expect.stringContaining('signing secret'),
    });
    expect(plan([endpoint('we_1')], undefined, true)).toMatchObject({ create: false });
    const other = plan([endpoint('we_1', { api_version: null })], 'we_1');
    expect(other).toMatchObject({ create: true, reason: expect.stringContaining(VERSION) });
    expect(other.remove.map((e) => e.id)).toEqual(['we_1']);
  });
});

describe('secretsToWrite', () => {
  it('writes what the Worker lacks or was last given another value of, only', () => {
    const desired = { A: 'same', B: 'changed', C: 'missing', D: 'never set from here' };
    const existing = ['A', 'B', 'D'];
    const fingerprints = { A: fingerprint('same'), B: fingerprint('before') };
    expect(secretsToWrite(desired, existing, fingerprints)).toEqual({
      B: 'changed',
      C: 'missing',
      D: 'never set from here',
    });
  });
});

describe('desiredSecrets', () => {
  const keys = { secretKey: 'sk_test_a', publishableKey: 'pk_test_a' };
  const base = {
    keys,
    webhookSecret: 'whsec_a',
    apiBase: undefined,
    simulated: false,
    existing: [],
  };

  it('gives the keys and the webhook secret; only the webhook secret with --webhook-only', () => {
    expect(desiredSecrets(base)).toEqual({
      STRIPE_SECRET_KEY: 'sk_test_a',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_a',
      STRIPE_WEBHOOK_SECRET: 'whsec_a',
    });
    expect(desiredSecrets({ ...base, keys: undefined })).toEqual({
      STRIPE_WEBHOOK_SECRET: 'whsec_a',
    });
  });

  it('points a STRIPE_API_BASE the Worker already has at the API setup checked', () => {
    const existing = ['STRIPE_API_BASE'];
    expect(desiredSecrets({ ...base, keys: undefined, existing })).toMatchObject({
      STRIPE_API_BASE: 'https://api.stripe.com',
    });
    expect(
      desiredSecrets({ ...base, apiBase: 'https://stripe-proxy.example.com', existing }),
    ).toMatchObject({ STRIPE_API_BASE: 'https://stripe-proxy.example.com' });
    // Never a local simulator's address: a deployed Worker refuses it.
    expect(
      desiredSecrets({ ...base, apiBase: 'http://127.0.0.1:12111', simulated: true, existing }),
    ).not.toHaveProperty('STRIPE_API_BASE');
  });
});
