/**
 * Structured logs: a JSON line for each request that says what Workers Logs' invocation record
 * cannot (a payment or any other write, a refusal, an error, a read that asked Stripe), with the
 * request id (cf-ray), route, status, duration, D1 and Stripe waits and what the route learned
 * (PaymentIntent id, outcome); none for a plain successful read; nothing a log must not keep.
 */
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import {
  charge,
  checkout,
  confirmationToken,
  order,
  postJson,
  resetAll,
} from '../support/checkout';

let out: MockInstance<typeof console.log>;
let warn: MockInstance<typeof console.warn>;
beforeEach(async () => {
  await resetAll();
  out = vi.spyOn(console, 'log');
  warn = vi.spyOn(console, 'warn');
});
afterEach(() => vi.restoreAllMocks());

const lines = (spy: MockInstance<(...args: unknown[]) => void>) =>
  spy.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);

describe('request logs', () => {
  it('write one JSON line per payment with the cf-ray id, route, status, duration and PaymentIntent', async () => {
    const response = await charge(order(), { 'cf-ray': '8a1b2c3d4e5f6789-SJC' });
    expect(response.status).toBe(200);
    const requests = lines(out).filter((line) => line.event === 'request');
    expect(requests).toEqual([
      expect.objectContaining({
        level: 'info',
        request_id: '8a1b2c3d4e5f6789-SJC',
        method: 'POST',
        route: '/charge',
        status: 200,
        duration_ms: expect.any(Number),
        d1_ms: expect.any(Number),
        stripe_ms: expect.any(Number),
        payment_intent: expect.stringMatching(/^pi_/),
        payment_status: 'succeeded',
        outcome: 'ok',
        attempt: 1,
      }),
    ]);
    expect(JSON.stringify(requests)).not.toContain('jane.doe@example.com');
  });

  it('put a refused request on a warning line saying why, and a decline on an info line', async () => {
    await charge(order({ payment_method: 'pm_card_visa_chargeDeclined' }));
    await charge(order(), { Origin: 'https://evil.example' });
    // A decline is a customer's everyday answer: an alert on warn must not count them.
    expect(lines(warn).filter((line) => line.event === 'request')).toEqual([
      expect.objectContaining({
        status: 403,
        problem: 'cross_origin',
        origin: 'https://evil.example',
      }),
    ]);
    expect(lines(out).filter((line) => line.event === 'request')).toEqual([
      expect.objectContaining({
        level: 'info',
        status: 402,
        route: '/charge',
        outcome: 'stripe_error',
        reason: 'declined',
        code: 'card_declined',
        decline_code: 'generic_decline',
      }),
    ]);
  });

  it('write none for a plain successful read: the page, its files, GET /config, a paid receipt', async () => {
    const { redirect } = await (await charge(order())).json<{ redirect: string }>();
    out.mockClear();
    for (const path of ['/', '/favicon.svg', '/theme.css', '/config', redirect])
      expect((await checkout(path)).status, path).toBe(200);
    expect(lines(out).filter((line) => line.event === 'request')).toEqual([]);
  });

  it('write none for a quote, which changes nothing, and one for a refused quote', async () => {
    const items = [{ product: 'support-5', quantity: 1 }];
    expect((await postJson('/quote', { items })).status).toBe(200);
    expect(lines(out).filter((line) => line.event === 'request')).toEqual([]);
    expect((await postJson('/quote', { items: [] })).status).toBe(400);
    expect(lines(warn).filter((line) => line.event === 'request')).toEqual([
      expect.objectContaining({ method: 'POST', route: '/quote', status: 400 }),
    ]);
    // A code that does not apply is the customer's answer, on an info line.
    const refused = await postJson('/quote', { items, promotion_code: 'NO-SUCH-CODE' });
    expect(refused.status).toBe(400);
    expect(lines(warn)).toHaveLength(1);
    expect(lines(out).filter((line) => line.event === 'request')).toEqual([
      expect.objectContaining({ level: 'info', status: 400, promotion_refused: 'unknown' }),
    ]);
  });

  it('write one for a receipt that asked Stripe about an open payment', async () => {
    const body = order({
      confirmation_token: await confirmationToken('pm_card_authenticationRequired'),
    });
    const { client_secret } = await (await charge(body)).json<{ client_secret: string }>();
    const id = client_secret.split('_secret_')[0]!;
    out.mockClear();
    expect((await checkout(`/thank-you?payment_intent=${id}`)).status).toBe(200);
    expect(lines(out).filter((line) => line.event === 'request')).toEqual([
      expect.objectContaining({
        method: 'GET',
        route: '/thank-you',
        status: 200,
        stripe_check: 'asked',
      }),
    ]);
  });

  it('write a warning for a read that failed', async () => {
    expect((await checkout('/no-such-page')).status).toBe(404);
    expect(lines(warn).filter((line) => line.event === 'request')).toEqual([
      expect.objectContaining({ level: 'warn', method: 'GET', status: 404 }),
    ]);
  });
});
