import Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Delivery, DeliveryCounts } from '../src/webhooks';
import {
  api,
  control,
  PUBLISHABLE_KEY,
  receiver,
  resetAll,
  stripeClient,
  stripeError,
  WEBHOOK_SECRET,
} from './helpers';

const stripe = stripeClient();
beforeEach(resetAll);

const flush = () => control<DeliveryCounts>('/webhooks/flush', { method: 'POST' });
const CONFIGURED_URL = 'http://webhooks.test/webhook';

const pay = () =>
  stripe.paymentIntents.create({
    amount: 1200,
    currency: 'usd',
    payment_method: 'pm_card_visa',
    confirm: true,
  });

describe('webhook endpoints API', () => {
  it('creates an enabled endpoint and shows its secret only in the creation response', async () => {
    const created = await stripe.webhookEndpoints.create({
      url: 'https://shop.example.com/webhook',
      enabled_events: ['payment_intent.succeeded', 'charge.refunded'],
      description: 'the shop',
      metadata: { managed_by: 'setup' },
      api_version: '2026-10-28.endive',
    });
    expect(created).toMatchObject({
      object: 'webhook_endpoint',
      url: 'https://shop.example.com/webhook',
      enabled_events: ['payment_intent.succeeded', 'charge.refunded'],
      status: 'enabled',
      description: 'the shop',
      metadata: { managed_by: 'setup' },
      api_version: '2026-10-28.endive',
      application: null,
      livemode: false,
    });
    expect(created.id).toMatch(/^we_\w{24}$/);
    expect(created.secret).toMatch(/^whsec_\w{32}$/);

    const retrieved = await stripe.webhookEndpoints.retrieve(created.id);
    const listed = await stripe.webhookEndpoints.list();
    const updated = await stripe.webhookEndpoints.update(created.id, { description: '' });
    for (const endpoint of [retrieved, listed.data[0], updated]) {
      expect(endpoint?.id).toBe(created.id);
      expect(endpoint).not.toHaveProperty('secret');
    }
    expect(updated.description).toBeNull();
  });

  it('lists newest first and pages with starting_after', async () => {
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const endpoint = await stripe.webhookEndpoints.create({
        url: `https://shop${n}.example.com/webhook`,
        enabled_events: ['*'],
      });
      ids.push(endpoint.id);
    }
    const first = await stripe.webhookEndpoints.list({ limit: 2 });
    expect(first.data.map((e) => e.id)).toEqual([ids[2], ids[1]]);
    expect(first.has_more).toBe(true);
    const rest = await stripe.webhookEndpoints.list({ limit: 2, starting_after: ids[1] });
    expect(rest.data.map((e) => e.id)).toEqual([ids[0]]);
    expect(rest.has_more).toBe(false);
  });

  it('updates the URL, the events, the metadata and the status', async () => {
    const endpoint = await stripe.webhookEndpoints.create({
      url: 'https://old.example.com/webhook',
      enabled_events: ['charge.refunded'],
      metadata: { a: '1', b: '2' },
    });
    const updated = await stripe.webhookEndpoints.update(endpoint.id, {
      url: 'https://new.example.com/webhook',
      enabled_events: ['payment_intent.succeeded', 'payment_intent.payment_failed'],
      metadata: { a: '', c: '3' },
      disabled: true,
    });
    expect(updated).toMatchObject({
      url: 'https://new.example.com/webhook',
      enabled_events: ['payment_intent.succeeded', 'payment_intent.payment_failed'],
      metadata: { b: '2', c: '3' },
      status: 'disabled',
    });
    expect((await stripe.webhookEndpoints.update(endpoint.id, { disabled: false })).status).toBe(
      'enabled',
    );
  });

  it('deletes an endpoint: it is gone from lists and a second delete is a 404', async () => {
    const endpoint = await stripe.webhookEndpoints.create({
      url: 'https://shop.example.com/webhook',
      enabled_events: ['*'],
    });
    expect(await stripe.webhookEndpoints.del(endpoint.id)).toMatchObject({
      id: endpoint.id,
      object: 'webhook_endpoint',
      deleted: true,
    });
    expect((await stripe.webhookEndpoints.list()).data).toEqual([]);
    const error = await stripeError(() => stripe.webhookEndpoints.del(endpoint.id));
    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing' });
    expect(error.message).toBe(`No such webhook_endpoint: '${endpoint.id}'`);
  });

  it('refuses an invalid URL, an unknown event type and missing parameters, creating nothing', async () => {
    for (const url of ['not a url', 'ftp://files.example.com/hook', 'shop.example.com/webhook']) {
      const error = await stripeError(() =>
        stripe.webhookEndpoints.create({ url, enabled_events: ['*'] }),
      );
      expect(error).toMatchObject({ statusCode: 400, code: 'url_invalid', param: 'url' });
    }
    const unknown = await stripeError(() =>
      stripe.webhookEndpoints.create({
        url: 'https://shop.example.com/webhook',
        enabled_events: [
          'payment_intent.succeeded',
          'payment_intent.succeded' as Stripe.WebhookEndpointCreateParams.EnabledEvent,
        ],
      }),
    );
    expect(unknown).toMatchObject({ statusCode: 400, param: 'enabled_events[1]' });
    expect(unknown.message).toContain('Invalid enabled_events[1]: must be one of');
    const missing = await stripeError(() =>
      stripe.webhookEndpoints.create({
        url: 'https://shop.example.com/webhook',
      } as Stripe.WebhookEndpointCreateParams),
    );
    expect(missing).toMatchObject({ code: 'parameter_missing', param: 'enabled_events' });
    expect((await stripe.webhookEndpoints.list()).data).toEqual([]);
  });

  it('requires a secret key', async () => {
    const response = await api('/v1/webhook_endpoints', { key: PUBLISHABLE_KEY });
    expect(response.status).toBe(401);
  });
});

describe('delivery to endpoints created through the API', () => {
  it('signs with the endpoint’s own secret, sending only the events it subscribes to', async () => {
    const endpoint = await stripe.webhookEndpoints.create({
      url: 'http://endpoint.test/hooks/stripe',
      enabled_events: ['payment_intent.succeeded'],
    });
    const everything = await stripe.webhookEndpoints.create({
      url: 'http://everything.test/hooks',
      enabled_events: ['*'],
    });
    // Held, so that every delivery is still pending when the events are read.
    await control('/webhooks', { json: { enabled: false } });
    const pi = await pay();
    const pending = async () =>
      Object.fromEntries(
        (await stripe.events.list()).data.map((e) => [e.type, e.pending_webhooks]),
      );
    // Each event counts the configured URL and the endpoints subscribed to it.
    expect(await pending()).toEqual({
      'payment_intent.created': 2,
      'charge.succeeded': 2,
      'payment_intent.succeeded': 3,
    });
    await control('/webhooks', { json: { enabled: true } });
    expect(await flush()).toEqual({ delivered: 7, failed: 0, pending: 0 });
    expect(await pending()).toEqual({
      'payment_intent.created': 0,
      'charge.succeeded': 0,
      'payment_intent.succeeded': 0,
    });

    const received = await receiver.deliveries();
    const at = (url: string) => received.filter((delivery) => delivery.url === url);
    const [only] = at('http://endpoint.test/hooks/stripe');
    expect(at('http://endpoint.test/hooks/stripe')).toHaveLength(1);
    const event = await stripe.webhooks.constructEventAsync(
      only?.body ?? '',
      only?.signature ?? '',
      endpoint.secret ?? '',
    );
    expect(event.type).toBe('payment_intent.succeeded');
    expect(event.data.object).toMatchObject({ id: pi.id, status: 'succeeded' });
    // Another endpoint's secret, or the configured one, does not verify it.
    for (const secret of [everything.secret ?? '', WEBHOOK_SECRET]) {
      await expect(
        stripe.webhooks.constructEventAsync(only?.body ?? '', only?.signature ?? '', secret),
      ).rejects.toThrow(Stripe.errors.StripeSignatureVerificationError);
    }

    const all = at('http://everything.test/hooks');
    expect(all).toHaveLength(3);
    for (const delivery of all)
      await stripe.webhooks.constructEventAsync(
        delivery.body,
        delivery.signature ?? '',
        everything.secret ?? '',
      );
    // The configured URL still gets every event, signed with the configured secret.
    const configured = at(CONFIGURED_URL);
    expect(configured).toHaveLength(3);
    for (const delivery of configured)
      await stripe.webhooks.constructEventAsync(
        delivery.body,
        delivery.signature ?? '',
        WEBHOOK_SECRET,
      );
  });

  it('sends the event in the endpoint’s own api_version, else in the account’s', async () => {
    const OTHER = '2025-09-30.clover';
    const pinned = await stripe.webhookEndpoints.create({
      url: 'http://pinned.test/hook',
      enabled_events: ['payment_intent.succeeded'],
      api_version: OTHER,
    });
    const unpinned = await stripe.webhookEndpoints.create({
      url: 'http://unpinned.test/hook',
      enabled_events: ['payment_intent.succeeded'],
    });
    const pi = await pay();
    expect(await flush()).toMatchObject({ failed: 0, pending: 0 });
    const [event] = (await stripe.events.list({ type: 'payment_intent.succeeded' })).data;
    // The event as the API shows it: in the account's default version (stripe-node's here).
    expect(event?.api_version).toBe(Stripe.API_VERSION);
    expect(await stripe.events.retrieve(event?.id ?? '')).toEqual(event);

    const received = await receiver.deliveries();
    const delivered = async (url: string, secret: string) => {
      const found = received.find(
        (d) => d.url === url && (JSON.parse(d.body) as Stripe.Event).id === event?.id,
      );
      return stripe.webhooks.constructEventAsync(found?.body ?? '', found?.signature ?? '', secret);
    };
    const toPinned = await delivered('http://pinned.test/hook', pinned.secret ?? '');
    // The same event, said to be in the endpoint's version.
    expect(toPinned).toEqual({ ...event, api_version: OTHER, pending_webhooks: 3 });
    expect(toPinned.data.object).toMatchObject({ id: pi.id, status: 'succeeded' });
    const toUnpinned = await delivered('http://unpinned.test/hook', unpinned.secret ?? '');
    const toConfigured = await delivered(CONFIGURED_URL, WEBHOOK_SECRET);
    for (const other of [toUnpinned, toConfigured])
      expect(other).toEqual({ ...event, pending_webhooks: 3 });
  });

  it('sends nothing to a disabled or deleted endpoint, and gives up what was pending for it', async () => {
    const disabled = await stripe.webhookEndpoints.create({
      url: 'http://disabled.test/hook',
      enabled_events: ['*'],
    });
    await stripe.webhookEndpoints.update(disabled.id, { disabled: true });
    const deleted = await stripe.webhookEndpoints.create({
      url: 'http://deleted.test/hook',
      enabled_events: ['*'],
    });
    await control('/webhooks', { json: { enabled: false } });
    await stripe.paymentIntents.create({ amount: 1200, currency: 'usd' });
    await stripe.webhookEndpoints.del(deleted.id);
    await control('/webhooks', { json: { enabled: true } });
    expect(await flush()).toEqual({ delivered: 1, failed: 1, pending: 0 });
    const deliveries = await control<Delivery[]>('/webhooks');
    expect(deliveries.map((d) => [d.url, d.endpoint_id, d.status])).toEqual([
      [CONFIGURED_URL, null, 'delivered'],
      ['http://deleted.test/hook', deleted.id, 'failed'],
    ]);
    expect((await receiver.deliveries()).map((d) => d.url)).toEqual([CONFIGURED_URL]);
  });
});
