import Stripe from 'stripe';
import { describe, expect, it, vi } from 'vitest';
import { STRIPE_ATTEMPTS, STRIPE_MAX_BACKOFF_MS, STRIPE_TIMEOUT_MS } from '../budget';
import { newWaits } from '../timing';
import { callStripe, stripeBudget, type StripeBudget } from './call';

/** A request's budget: three attempts, as in production, with tiny waits. */
const budget = (): StripeBudget => ({
  attemptsLeft: 3,
  timeoutMs: 100,
  baseDelayMs: 1,
  maxDelayMs: 1,
  waits: newWaits(),
});
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
    expect(await callStripe(request, budget(), noSleep)).toEqual({ kind: 'ok', value: 'done' });
    expect(calls()).toBe(3);
  });

  it('does not retry a card error or an invalid request', async () => {
    const card = sequence(answer(402, 'card_error'));
    expect((await callStripe(card.request, budget(), noSleep)).kind).toBe('stripe_error');
    expect(card.calls()).toBe(1);
    const invalid = sequence(answer(400, 'invalid_request_error'));
    expect((await callStripe(invalid.request, budget(), noSleep)).kind).toBe('stripe_error');
  });

  it('says "unavailable" (nothing charged) only when Stripe answered 429 every time', async () => {
    const { request, calls } = sequence(
      answer(429, 'rate_limit_error'),
      answer(429, 'rate_limit_error'),
      answer(429, 'rate_limit_error'),
    );
    expect((await callStripe(request, budget(), noSleep)).kind).toBe('unavailable');
    expect(calls()).toBe(3);
  });

  it('says "unknown" after a 5xx: Stripe saves a 500 that happened mid-request and replays it', async () => {
    const { request, calls } = sequence(answer(500), answer(429, 'rate_limit_error'), answer(503));
    expect((await callStripe(request, budget(), noSleep)).kind).toBe('unknown');
    expect(calls()).toBe(3);
  });

  it('stops at Stripe-Should-Retry: false, as stripe-node does, still in doubt after a 5xx', async () => {
    const refused = Stripe.errors.StripeError.generate({
      type: 'api_error',
      statusCode: 500,
      message: 'x',
      headers: { 'stripe-should-retry': 'false' },
    } as never);
    const { request, calls } = sequence(refused, answer(500));
    expect((await callStripe(request, budget(), noSleep)).kind).toBe('unknown');
    expect(calls()).toBe(1);
  });

  it('stops at a 500 Stripe replays for the key: "unknown", marked replayed', async () => {
    const replay = Stripe.errors.StripeError.generate({
      type: 'api_error',
      statusCode: 500,
      message: 'x',
      headers: { 'idempotent-replayed': 'true' },
    } as never);
    const { request, calls } = sequence(answer(500), replay, answer(500));
    expect(await callStripe(request, budget(), noSleep)).toEqual({
      kind: 'unknown',
      error: replay,
      replayed: true,
    });
    expect(calls()).toBe(2);
    // A first 500 (not replayed) is still retried, and not marked.
    const fresh = await callStripe(
      sequence(answer(500), answer(503), answer(500)).request,
      budget(),
      noSleep,
    );
    expect(fresh.kind === 'unknown' && fresh.replayed).toBeFalsy();
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
    expect(await callStripe(settles.request, budget(), noSleep)).toEqual({
      kind: 'ok',
      value: 'done',
    });
    const stuck = sequence(inUse(), inUse(), inUse());
    expect((await callStripe(stuck.request, budget(), noSleep)).kind).toBe('unknown');
  });

  it('does not retry a 400 idempotency_error (same key, other parameters)', async () => {
    const conflict = sequence(
      Stripe.errors.StripeError.generate({
        type: 'idempotency_error',
        statusCode: 400,
        message: 'x',
      } as never),
    );
    expect((await callStripe(conflict.request, budget(), noSleep)).kind).toBe('stripe_error');
    expect(conflict.calls()).toBe(1);
  });

  it('says "unknown" when any response was lost, even if later attempts got 5xx', async () => {
    const { request } = sequence(lost(), answer(500), answer(500));
    expect((await callStripe(request, budget(), noSleep)).kind).toBe('unknown');
  });

  it('waits with back-off between attempts, honouring Retry-After within the cap', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const waits: number[] = [];
    const limited = Stripe.errors.StripeError.generate({
      type: 'rate_limit_error',
      statusCode: 429,
      message: 'x',
      headers: { 'retry-after': '1' },
    } as never);
    const { request } = sequence(limited, answer(500));
    const slow = { ...budget(), baseDelayMs: 100, maxDelayMs: 400 };
    await callStripe(request, slow, async (ms) => waits.push(ms));
    vi.restoreAllMocks();
    // Retry-After: 1 s, capped at 400 ms; then half (the mocked jitter) of 2 × 100 ms.
    expect(waits).toEqual([400, 100]);
  });

  it('passes the timeout to each call, and shares one budget between the calls of a request', async () => {
    const shared = budget();
    const timeouts: number[] = [];
    const first = sequence(answer(500));
    const retrieved = await callStripe(
      (options) => (timeouts.push(options.timeout), first.request()),
      shared,
      noSleep,
    );
    expect(retrieved).toEqual({ kind: 'ok', value: 'done' });
    // The next call of the same request has one attempt left: a lost answer is not retried.
    const second = sequence(lost(), lost());
    expect((await callStripe(second.request, shared, noSleep)).kind).toBe('unknown');
    expect(second.calls()).toBe(1);
    expect(timeouts).toEqual([100, 100]);
    // Spent: nothing is sent, and the outcome cannot be called "not charged".
    const third = sequence();
    expect((await callStripe(third.request, shared, noSleep)).kind).toBe('unknown');
    expect(third.calls()).toBe(0);
  });

  it("adds each attempt's time, answered or not, to the request's Stripe waits", async () => {
    // The clock read before and after each attempt: 2 ms for a 500, then 3 ms for the answer.
    const clock = [10, 12, 20, 23];
    vi.spyOn(performance, 'now').mockImplementation(() => clock.shift() ?? 0);
    const shared = budget();
    const { request } = sequence(answer(500));
    expect(await callStripe(request, shared, noSleep)).toEqual({ kind: 'ok', value: 'done' });
    vi.restoreAllMocks();
    expect(shared.waits).toEqual({ d1: 0, stripe: 5 });
  });
});

describe('stripeBudget', () => {
  it('gives each request three attempts, and lets variables shorten the waits but never lengthen them', () => {
    const waits = newWaits();
    const of = (env: object) => stripeBudget(env, waits);
    expect(of({})).toEqual({
      attemptsLeft: STRIPE_ATTEMPTS,
      timeoutMs: STRIPE_TIMEOUT_MS,
      baseDelayMs: 250,
      maxDelayMs: STRIPE_MAX_BACKOFF_MS,
      waits,
    });
    const sim = { STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_API_BASE: 'http://127.0.0.1:12111' };
    const short = { STRIPE_RETRY_BASE_MS: '5', STRIPE_TIMEOUT_MS: '300' };
    expect(of({ ...sim, ...short })).toEqual({
      attemptsLeft: STRIPE_ATTEMPTS,
      timeoutMs: 300,
      baseDelayMs: 5,
      maxDelayMs: 20,
      waits,
    });
    expect(of({ ...sim, STRIPE_RETRY_BASE_MS: '60000', STRIPE_TIMEOUT_MS: '80000' })).toEqual(
      of({}),
    );
    expect(of({ ...sim, STRIPE_TIMEOUT_MS: 'soon' })).toEqual(of({}));
  });

  it('ignores the shorter waits unless a test key talks to a loopback simulator', () => {
    const waits = newWaits();
    const of = (env: object) => stripeBudget(env, waits);
    const short = { STRIPE_RETRY_BASE_MS: '5', STRIPE_TIMEOUT_MS: '300' };
    const base = 'http://127.0.0.1:12111';
    expect(of({ ...short, STRIPE_SECRET_KEY: 'sk_live_x' })).toEqual(of({}));
    expect(of({ ...short, STRIPE_SECRET_KEY: 'rk_live_x', STRIPE_API_BASE: base })).toEqual(of({}));
    expect(of({ ...short, STRIPE_SECRET_KEY: 'sk_test_x' })).toEqual(of({}));
    expect(
      of({ ...short, STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_API_BASE: 'https://proxy.example' }),
    ).toEqual(of({}));
    expect(of({ ...short, STRIPE_SECRET_KEY: 'rk_test_x', STRIPE_API_BASE: base }).timeoutMs).toBe(
      300,
    );
  });
});
