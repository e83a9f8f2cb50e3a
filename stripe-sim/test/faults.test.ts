import Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import { control, resetAll, responseHeader, stripeClient, stripeError } from './helpers';
import type { LoggedRequest } from '../src/request-log';

const stripe = stripeClient();
beforeEach(resetAll);

const create = (key?: string) =>
  stripe.paymentIntents.create(
    { amount: 800, currency: 'usd', payment_method: 'pm_card_visa', confirm: true },
    key ? { idempotencyKey: key } : {},
  );

describe('fault injection', () => {
  it('error 500: api_error before anything is carried out, for the next N requests only', async () => {
    await control('/faults', { json: { mode: 'error', status: 500, count: 2 } });
    for (let i = 0; i < 2; i++) {
      const err = await stripeError(() => create('k-500'));
      expect(err.statusCode).toBe(500);
      expect(err.type).toBe('StripeAPIError');
      expect(err.rawType).toBe('api_error');
    }
    expect(await control('/faults')).toBeNull();
    // Nothing was created or saved for the key: the retry is carried out afresh.
    expect((await stripe.paymentIntents.list()).data).toHaveLength(0);
    const pi = await create('k-500');
    expect(pi.status).toBe('succeeded');
    expect(responseHeader(pi, 'Idempotent-Replayed')).toBeNull();
  });

  it("error 429: rate_limit_error with Stripe's message", async () => {
    await control('/faults', { json: { mode: 'error', status: 429 } });
    const err = await stripeError(() => create());
    expect(err.statusCode).toBe(429);
    expect(err.type).toBe('StripeRateLimitError');
    expect(err.raw).toMatchObject({
      type: 'rate_limit_error',
      message:
        'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
    });
    expect((await stripe.paymentIntents.list()).data).toHaveLength(0);
  });

  it('delay: waits, then carries the request out', async () => {
    // Seen held (not timed), then done once the delay is over, without a release.
    await control('/faults', { json: { mode: 'delay', delay_ms: 1500 } });
    const made = create('k-delayed');
    await expect.poll(() => control<unknown[]>('/held')).toHaveLength(1);
    expect((await made).status).toBe('succeeded');
    expect(await control('/held')).toEqual([]);
  });

  it('delay: lists the request it holds, and lets it go at once when released', async () => {
    await control('/faults', { json: { mode: 'delay', delay_ms: 60_000 } });
    const slow = create('k-held');
    await expect
      .poll(() => control('/held'))
      .toEqual([{ method: 'POST', path: '/v1/payment_intents', idempotency_key: 'k-held' }]);
    expect(await control('/held/release', { method: 'POST' })).toEqual({ released: 1 });
    expect((await slow).status).toBe('succeeded');
    expect(await control('/held')).toEqual([]);
  });

  it('delay: a request still held when the simulator is reset fails, and creates nothing', async () => {
    await control('/faults', { json: { mode: 'delay', delay_ms: 60_000 } });
    const slow = stripeError(() => create('k-reset'));
    await expect.poll(() => control<unknown[]>('/held')).toHaveLength(1);
    await resetAll();
    expect((await slow).statusCode).toBe(500);
    expect((await stripe.paymentIntents.list()).data).toHaveLength(0);
  });

  it('drop: carries the request out but breaks the connection; a retry with the same key replays it', async () => {
    await control('/faults', { json: { mode: 'drop' } });
    const err = await stripeError(() => create('k-drop'));
    expect(err).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    // The PaymentIntent exists and was charged...
    const [pi] = (await stripe.paymentIntents.list()).data;
    expect(pi?.status).toBe('succeeded');
    // ...and retrying with the same key returns it instead of paying twice.
    const retried = await create('k-drop');
    expect(retried.id).toBe(pi?.id);
    expect(responseHeader(retried, 'Idempotent-Replayed')).toBe('true');
    expect((await stripe.charges.list()).data).toHaveLength(1);
    const log = await control<LoggedRequest[]>('/requests');
    expect(
      log.filter((entry) => entry.method === 'POST').map((entry) => [entry.fault, entry.replayed]),
    ).toEqual([
      ['drop', false],
      [null, true],
    ]);
  });

  it('crash: carries the request out, answers 500, and replays that 500 for the same key', async () => {
    await control('/faults', { json: { mode: 'crash' } });
    const err = await stripeError(() => create('k-crash'));
    expect(err.statusCode).toBe(500);
    expect(err.type).toBe('StripeAPIError');
    // The card was charged all the same...
    const [pi] = (await stripe.paymentIntents.list()).data;
    expect(pi?.status).toBe('succeeded');
    // ...and the key remembers the 500, as Stripe does: a retry cannot tell what happened.
    const again = await stripeError(() => create('k-crash'));
    expect(again.statusCode).toBe(500);
    expect((await stripe.paymentIntents.list()).data).toHaveLength(1);
    const log = await control<LoggedRequest[]>('/requests');
    expect(
      log
        .filter((entry) => entry.method === 'POST')
        .map((entry) => [entry.fault, entry.replayed, entry.status]),
    ).toEqual([
      ['crash', false, 500],
      [null, true, 500],
    ]);
    // Without a key the 500 comes all the same.
    await control('/faults', { json: { mode: 'crash' } });
    expect((await stripeError(() => create())).statusCode).toBe(500);
    expect((await stripe.paymentIntents.list()).data).toHaveLength(2);
  });

  it('fail: answers 500 having carried nothing out, and replays that 500 for the same key', async () => {
    await control('/faults', { json: { mode: 'fail' } });
    const err = await stripeError(() => create('k-fail'));
    expect(err.statusCode).toBe(500);
    expect(err.type).toBe('StripeAPIError');
    // Nothing was created, yet the key remembers the 500, as Stripe does for a 500 mid-request...
    expect((await stripe.paymentIntents.list()).data).toHaveLength(0);
    const again = await stripeError(() => create('k-fail'));
    expect(again.statusCode).toBe(500);
    expect(again.headers?.['idempotent-replayed']).toBe('true');
    expect((await stripe.paymentIntents.list()).data).toHaveLength(0);
    // ...so only a new key carries the request out.
    expect((await create('k-fail-2')).status).toBe('succeeded');
    const log = await control<LoggedRequest[]>('/requests');
    expect(
      log
        .filter((entry) => entry.method === 'POST')
        .map((entry) => [entry.fault, entry.replayed, entry.status]),
    ).toEqual([
      ['fail', false, 500],
      [null, true, 500],
      [null, false, 200],
    ]);
    // Without a key: a 500, nothing carried out.
    await control('/faults', { json: { mode: 'fail' } });
    expect((await stripeError(() => create())).statusCode).toBe(500);
    expect((await stripe.paymentIntents.list()).data).toHaveLength(1);
  });

  it('applies to /v1 only, and refuses malformed faults', async () => {
    await control('/faults', { json: { mode: 'error', status: 500 } });
    expect(await control('/requests')).toEqual([]);
    expect(await control('/faults')).toMatchObject({ mode: 'error', remaining: 1 });
    await expect(control('/faults', { json: { mode: 'explode' } })).rejects.toThrow(/400/);
    await expect(control('/faults', { json: { mode: 'error', status: 418 } })).rejects.toThrow(
      /400/,
    );
  });
});
