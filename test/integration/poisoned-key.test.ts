/**
 * A 500 Stripe saved for an idempotency key without carrying the request out (the simulator's
 * `fail` fault): every later use of the key replays it for a day. The checkout reads where the
 * payment stands instead, and moves on to a new key, never leaving the customer on "could not
 * confirm" for as long as the key lives. Through the Worker's fetch handler.
 */
import { env } from 'cloudflare:workers';
import type Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_DECLINES_PER_CHECKOUT } from '../../src/limits';
import {
  charge,
  confirmationToken,
  fault,
  flushWebhooks,
  order,
  orderOf,
  paymentIntents,
  resetAll,
  sim,
  simRequests,
  stripe,
  webhookDeliveries,
} from '../support/checkout';
import { TEST_ENV } from '../support/env';

beforeEach(resetAll);

interface Answer {
  status?: string;
  error?: { code: string; charged: false | 'unknown' };
}

/**
 * Poisons `key` for a cancel of `id` with `params`, as an earlier request's cancel that got a 500
 * Stripe saved, having canceled nothing: every later cancel under the key replays that 500.
 */
async function poisonCancel(id: string, params: Stripe.PaymentIntentCancelParams, key: string) {
  await fault({ mode: 'fail', count: 1 });
  const first = await stripe.paymentIntents
    .cancel(id, params, { idempotencyKey: key })
    .catch((e: { statusCode?: number }) => e);
  await fault(null);
  expect(first).toMatchObject({ statusCode: 500 });
  const replay = await stripe.paymentIntents
    .cancel(id, params, { idempotencyKey: key })
    .catch((e: { statusCode?: number; headers?: Record<string, string> }) => e);
  expect(replay).toMatchObject({ statusCode: 500, headers: { 'idempotent-replayed': 'true' } });
  expect((await stripe.paymentIntents.retrieve(id)).status).not.toBe('canceled');
}

/** The answer's status and body. */
async function answerOf(response: Response): Promise<[number, Answer]> {
  return [response.status, await response.json<Answer>()];
}

describe('a key whose 500 Stripe replays', () => {
  it("PaymentIntent create: not charged, and the next Pay charges once under the next attempt's key", async () => {
    const body = order({ payment_method: 'pm_card_visa' });
    await fault({ mode: 'fail', count: 1 });
    const [status, first] = await answerOf(await charge(body));
    await fault(null);
    expect([status, first.error]).toEqual([
      503,
      expect.objectContaining({ code: 'stripe_unavailable', charged: false }),
    ]);
    expect(await paymentIntents()).toEqual([]);
    // The replay was not resent again: the key's first 500, then one replay.
    const creates = (await simRequests()).filter(
      (r) => r.method === 'POST' && r.path === '/v1/payment_intents',
    );
    expect(creates.map((r) => [r.status, r.replayed])).toEqual([
      [500, false],
      [500, true],
    ]);
    const again = await charge(body);
    expect(await answerOf(again)).toEqual([200, expect.objectContaining({ status: 'succeeded' })]);
    const pis = await paymentIntents();
    expect(pis.map((pi) => pi.status)).toEqual(['succeeded']);
    expect(await orderOf(body.checkout_id!)).toMatchObject({
      status: 'paid',
      payment_intent_id: pis[0]!.id,
    });
  });

  it('confirm of the PaymentIntent after a decline: not charged, then the next Pay charges it', async () => {
    const body = order({
      confirmation_token: await confirmationToken('pm_card_visa_chargeDeclined'),
    });
    expect((await charge(body)).status).toBe(402);
    const retry = { ...body, confirmation_token: await confirmationToken('pm_card_visa') };
    await fault({ mode: 'fail', count: 1 });
    const [status, first] = await answerOf(await charge(retry));
    await fault(null);
    expect([status, first.error?.code]).toEqual([503, 'stripe_unavailable']);
    const again = await charge(retry);
    expect(await answerOf(again)).toEqual([200, expect.objectContaining({ status: 'succeeded' })]);
    const pis = await paymentIntents();
    expect(pis.map((pi) => pi.status)).toEqual(['succeeded']);
    expect(await orderOf(body.checkout_id!)).toMatchObject({
      status: 'paid',
      payment_intent_id: pis[0]!.id,
    });
  });

  it('cancel at the bank: the changed order is answered checkout_changed, its PaymentIntent canceled', async () => {
    await webhookDeliveries(false);
    const body = order({ payment_method: 'pm_card_authenticationRequired' });
    expect(await (await charge(body)).json()).toMatchObject({ status: 'requires_action' });
    const [pi] = await paymentIntents();
    const o = (await orderOf(body.checkout_id!))!;
    await env.DB.prepare(
      `UPDATE orders SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 minutes')
       WHERE id = ?`,
    )
      .bind(o.id)
      .run();
    // An earlier request's (or the sweep's) cancel under this key got a saved 500.
    await poisonCancel(
      pi!.id,
      { cancellation_reason: 'abandoned', expand: ['latest_charge'] },
      `${o.id}/cancel/${o.attempt}`,
    );
    const changed = { ...body, email: 'sam.roe@example.com' };
    const [status, answer] = await answerOf(await charge(changed));
    expect([status, answer.error?.code]).toEqual([409, 'checkout_changed']);
    expect(await stripe.paymentIntents.retrieve(pi!.id)).toMatchObject({
      status: 'canceled',
      cancellation_reason: 'abandoned',
    });
  });

  it("decline cap: the webhook's cancel still ends the PaymentIntent", async () => {
    const body = order({
      confirmation_token: await confirmationToken('pm_card_authenticationRequired'),
    });
    const { client_secret: secret } = await (await charge(body)).json<{ client_secret: string }>();
    const id = secret.split('_secret_')[0]!;
    // Card testing with the client secret, from a browser, up to one decline short of the cap.
    const confirmInBrowser = () =>
      sim(`/v1/payment_intents/${id}/confirm`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${TEST_ENV.STRIPE_PUBLISHABLE_KEY}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          client_secret: secret,
          payment_method: 'pm_card_visa_chargeDeclined',
        }),
      });
    for (let i = 1; i < MAX_DECLINES_PER_CHECKOUT; i++) {
      expect((await confirmInBrowser()).status).toBe(402);
      await flushWebhooks();
    }
    const o = (await orderOf(body.checkout_id!))!;
    await poisonCancel(
      id,
      { cancellation_reason: 'fraudulent', expand: ['latest_charge'] },
      `${o.id}/cancel/declines`,
    );
    expect((await confirmInBrowser()).status).toBe(402);
    await flushWebhooks();
    expect(await stripe.paymentIntents.retrieve(id)).toMatchObject({
      status: 'canceled',
      cancellation_reason: 'fraudulent',
    });
    await flushWebhooks();
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'canceled' });
  });
});
