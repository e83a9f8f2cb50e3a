import { beforeEach, describe, expect, it } from 'vitest';
import { api, control, ORIGIN, resetAll, simFetch, stripeClient, stripeError } from './helpers';

const stripe = stripeClient();
beforeEach(resetAll);

describe('simulated latency', () => {
  it('makes every /v1 request wait at least the latency set with POST /_sim/latency', async () => {
    expect(await control('/latency')).toEqual({ ms: 0, waiting: 0 });
    expect(await control('/latency', { json: { ms: 250 } })).toEqual({ ms: 250, waiting: 0 });
    expect(await control('/latency')).toEqual({ ms: 250, waiting: 0 });

    // The request waits out the latency (seen waiting, not timed), then is carried out. Long
    // enough to be seen, on a busy machine too.
    await control('/latency', { json: { ms: 1500 } });
    const made = stripe.paymentIntents.create({
      amount: 500,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    await expect.poll(() => control('/latency')).toEqual({ ms: 1500, waiting: 1 });
    expect((await made).status).toBe('succeeded');
    expect(await control('/latency')).toEqual({ ms: 1500, waiting: 0 });

    // DELETE returns to LATENCY_MS (unset in the tests: 0); a reset does too.
    await control('/latency', { json: { ms: 100 } });
    expect(await control('/latency', { method: 'DELETE' })).toEqual({ ms: 0, waiting: 0 });
    await control('/latency', { json: { ms: 100 } });
    await control('/reset', { method: 'POST' });
    expect(await control('/latency')).toEqual({ ms: 0, waiting: 0 });
  });

  it('a reset abandons the requests still waiting out the latency: they fail and change nothing', async () => {
    await control('/latency', { json: { ms: 60_000 } });
    const slow = stripeError(() =>
      stripe.paymentIntents.create(
        { amount: 500, currency: 'usd', payment_method: 'pm_card_visa', confirm: true },
        { idempotencyKey: 'k-asleep' },
      ),
    );
    await expect.poll(() => control('/latency')).toEqual({ ms: 60_000, waiting: 1 });
    await resetAll();
    // Without the reset's end of its wait, it would still sleep for a minute (the test times out).
    // Stripe-Should-Retry: false, so that no client retries it into the new state.
    expect(await slow).toMatchObject({
      statusCode: 500,
      headers: { 'stripe-should-retry': 'false' },
    });
    expect(await control('/latency')).toEqual({ ms: 0, waiting: 0 });
    expect((await stripe.paymentIntents.list()).data).toEqual([]);
    // Nothing is kept for its key either: the same request in the new state is carried out afresh.
    const again = await stripe.paymentIntents.create(
      { amount: 500, currency: 'usd', payment_method: 'pm_card_visa', confirm: true },
      { idempotencyKey: 'k-asleep' },
    );
    expect(again.status).toBe('succeeded');
    expect(await control<unknown[]>('/requests')).toHaveLength(2);
  });

  it('never delays the control API, Stripe.js or other requests while a /v1 request waits', async () => {
    await control('/latency', { json: { ms: 3_000 } });
    let waiting = true;
    const slow = stripe.paymentIntents
      .create({ amount: 500, currency: 'usd' })
      .finally(() => (waiting = false));

    // Each of these answers while the /v1 request is still waiting out its latency.
    expect(await control('/webhooks')).toEqual([]);
    const stripeJs = await simFetch(`${ORIGIN}/v3/`);
    await stripeJs.arrayBuffer();
    expect([200, 404]).toContain(stripeJs.status); // 404 here: assets are served by `wrangler dev`
    const threeDSecure = await simFetch(`${ORIGIN}/_sim/3ds/pi_unknown`);
    await threeDSecure.arrayBuffer();
    expect(waiting).toBe(true);

    expect((await slow).status).toBe('requires_payment_method');
    // Not delayed does not mean not logged: the /v1 request is in the request log.
    expect((await control<{ path: string }[]>('/requests')).map((r) => r.path)).toEqual([
      '/v1/payment_intents',
    ]);
  });

  it('refuses a latency that is not a whole number of milliseconds up to 60000', async () => {
    for (const body of [{ ms: -1 }, { ms: 1.5 }, { ms: '300' }, { ms: 60_001 }, {}]) {
      const response = await simFetch(`${ORIGIN}/_sim/latency`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        error: { type: 'invalid_request_error', param: 'ms' },
      });
    }
    const unknown = await simFetch(`${ORIGIN}/_sim/latency`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ms: 10, jitter: 5 }),
    });
    expect(await unknown.json()).toMatchObject({ error: { code: 'parameter_unknown' } });
    expect(await control('/latency')).toEqual({ ms: 0, waiting: 0 });
    // The API itself still answers at once.
    expect((await api('/v1/payment_intents')).status).toBe(200);
  });
});
