import { Hono } from 'hono/tiny';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import type { LogFields } from '../../log';
import type { AppEnv } from '../../types';
import { PUBLIC_PLACEHOLDER_SECRET, SIGNATURE_TOLERANCE_SECONDS, stripeSignature } from '.';

const SECRET = 'whsec_unit_test_only';
const payload = JSON.stringify({
  id: 'evt_unit',
  object: 'event',
  type: 'payment_intent.succeeded',
  data: { object: { id: 'pi_unit' } },
});

/** An app that answers with the verified event's id, and the log fields the middleware wrote. */
function app() {
  const log: LogFields = {};
  const hono = new Hono<AppEnv>()
    .use(async (c, next) => {
      c.set('log', log);
      await next();
    })
    .post('/', stripeSignature(), (c) => c.json({ id: c.get('stripeEvent').id }));
  return {
    log,
    post: (
      headers: Record<string, string>,
      env: object = { STRIPE_WEBHOOK_SECRET: SECRET },
      body = payload,
      url = '/',
    ) => hono.request(url, { method: 'POST', headers, body }, env as Env),
  };
}

const signed = async (options: { secret?: string; timestamp?: number; body?: string } = {}) => ({
  'Stripe-Signature': await Stripe.webhooks.generateTestHeaderStringAsync({
    payload: options.body ?? payload,
    secret: options.secret ?? SECRET,
    timestamp: options.timestamp,
  }),
});

describe('stripeSignature', () => {
  it('passes a correctly signed body on, parsed', async () => {
    const response = await app().post(await signed());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: 'evt_unit' });
  });

  it('answers 400 to a missing, wrong or stale signature, or a body changed after signing', async () => {
    const stale = Math.floor(Date.now() / 1000) - SIGNATURE_TOLERANCE_SECONDS - 60;
    for (const headers of [
      {},
      await signed({ secret: 'whsec_other' }),
      await signed({ timestamp: stale }),
    ]) {
      const { post, log } = app();
      const response = await post(headers);
      expect(response.status).toBe(400);
      expect(log).toMatchObject({ problem: 'webhook.bad_signature' });
    }
    const tampered = await app().post(
      await signed(),
      undefined,
      payload.replace('pi_unit', 'pi_other'),
    );
    expect(tampered.status).toBe(400);
  });

  it('answers 503 when no secret is configured, so that Stripe retries later', async () => {
    const { post, log } = app();
    const response = await post(await signed(), {});
    expect(response.status).toBe(503);
    expect(log).toMatchObject({ problem: 'webhook.refused' });
    expect(JSON.stringify(log)).not.toContain(SECRET);
  });

  it('accepts either of two comma-separated secrets while one endpoint replaces another', async () => {
    const env = { STRIPE_WEBHOOK_SECRET: `whsec_new_unit_test, ${SECRET}` };
    for (const secret of ['whsec_new_unit_test', SECRET]) {
      const response = await app().post(await signed({ secret }), env);
      expect(response.status).toBe(200);
    }
    const { post, log } = app();
    expect((await post(await signed({ secret: 'whsec_third' }), env)).status).toBe(400);
    expect(log).toMatchObject({ problem: 'webhook.bad_signature' });
  });

  it("refuses the simulator's public placeholder secret away from a loopback address", async () => {
    const deployed = 'https://shop.example.com/';
    const placeholder = { STRIPE_WEBHOOK_SECRET: PUBLIC_PLACEHOLDER_SECRET };
    const forged = await signed({ secret: PUBLIC_PLACEHOLDER_SECRET });

    const { post, log } = app();
    expect((await post(forged, placeholder, payload, deployed)).status).toBe(503);
    expect(log).toMatchObject({ problem: 'webhook.refused' });
    expect(log.detail).toContain('placeholder');
    // Alongside a real secret, only the real one counts.
    const both = { STRIPE_WEBHOOK_SECRET: `${PUBLIC_PLACEHOLDER_SECRET},${SECRET}` };
    expect((await app().post(forged, both, payload, deployed)).status).toBe(400);
    expect((await app().post(await signed(), both, payload, deployed)).status).toBe(200);
    // Local development (the simulator signs with it) still works.
    expect((await app().post(forged, placeholder, payload, 'http://127.0.0.1:8787/')).status).toBe(
      200,
    );
  });
});
