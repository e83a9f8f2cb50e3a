import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { callStripe } from './call';

const policy = { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 };
const noSleep = async () => undefined;
const answer = (statusCode: number, type = 'api_error') =>
  Stripe.errors.StripeError.generate({ type, statusCode, message: 'x' } as never);
const lost = () => new Stripe.errors.StripeConnectionError({ message: 'connection lost' } as never);

/** A request that fails with the given errors, then returns 'done'. */
function sequence(...errors: unknown[]) {
  let calls = 0;
  const request = async () => {
    const error = errors[calls++];
    if (error) throw error;
    return 'done';
  };
  return { request, calls: () => calls };
}

describe('callStripe', () => {
  it('returns the first definitive answer', async () => {
    const { request, calls } = sequence(answer(500), answer(429, 'rate_limit_error'));
    expect(await callStripe(request, policy, noSleep)).toEqual({ kind: 'ok', value: 'done' });
    expect(calls()).toBe(3);
  });

  it('does not retry a card error or an invalid request', async () => {
    const card = sequence(answer(402, 'card_error'));
    expect((await callStripe(card.request, policy, noSleep)).kind).toBe('stripe_error');
    expect(card.calls()).toBe(1);
    const invalid = sequence(answer(400, 'invalid_request_error'));
    expect((await callStripe(invalid.request, policy, noSleep)).kind).toBe('stripe_error');
  });

  it('says "unavailable" (nothing charged) only when Stripe answered 429 every time', async () => {
    const { request, calls } = sequence(
      answer(429, 'rate_limit_error'),
      answer(429, 'rate_limit_error'),
      answer(429, 'rate_limit_error'),
    );
    expect((await callStripe(request, policy, noSleep)).kind).toBe('unavailable');
    expect(calls()).toBe(3);
  });

  it('says "unknown" after a 5xx: Stripe saves a 500 that happened mid-request and replays it', async () => {
    const { request, calls } = sequence(answer(500), answer(429, 'rate_limit_error'), answer(503));
    expect((await callStripe(request, policy, noSleep)).kind).toBe('unknown');
    expect(calls()).toBe(3);
  });

  it('waits out 409 idempotency_key_in_use (the first request with the key is still running)', async () => {
    const inUse = () =>
      Stripe.errors.StripeError.generate({
        type: 'invalid_request_error',
        code: 'idempotency_key_in_use',
        statusCode: 409,
        message: 'x',
      } as never);
    const settles = sequence(inUse(), inUse());
    expect(await callStripe(settles.request, policy, noSleep)).toEqual({
      kind: 'ok',
      value: 'done',
    });
    const stuck = sequence(inUse(), inUse(), inUse());
    expect((await callStripe(stuck.request, policy, noSleep)).kind).toBe('unknown');
  });

  it('does not retry a 409 idempotency_error (same key, other parameters)', async () => {
    const conflict = sequence(
      Stripe.errors.StripeError.generate({
        type: 'idempotency_error',
        statusCode: 409,
        message: 'x',
      } as never),
    );
    expect((await callStripe(conflict.request, policy, noSleep)).kind).toBe('stripe_error');
    expect(conflict.calls()).toBe(1);
  });

  it('says "unknown" when any response was lost, even if later attempts got 5xx', async () => {
    const { request } = sequence(lost(), answer(500), answer(500));
    expect((await callStripe(request, policy, noSleep)).kind).toBe('unknown');
  });

  it('waits with back-off between attempts, honouring Retry-After within the cap', async () => {
    const waits: number[] = [];
    const limited = Stripe.errors.StripeError.generate({
      type: 'rate_limit_error',
      statusCode: 429,
      message: 'x',
      headers: { 'retry-after': '1' },
    } as never);
    const { request } = sequence(limited, answer(500));
    await callStripe(request, { attempts: 3, baseDelayMs: 100, maxDelayMs: 400 }, async (ms) =>
      waits.push(ms),
    );
    expect(waits[0]).toBe(400);
    expect(waits[1]).toBeGreaterThanOrEqual(0);
    expect(waits[1]).toBeLessThanOrEqual(200);
  });
});
