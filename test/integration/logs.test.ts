/**
 * Structured logs: one JSON line per request with the request id (cf-ray), route, status,
 * duration and what the route learned (PaymentIntent id, outcome); nothing a log must not keep.
 */
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { charge, checkout, order, resetAll } from '../support/checkout';

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
        payment_intent: expect.stringMatching(/^pi_/),
        payment_status: 'succeeded',
        outcome: 'ok',
        attempt: 1,
      }),
    ]);
    expect(JSON.stringify(requests)).not.toContain('jane.doe@example.com');
  });

  it('put a declined payment and a refused request on a warning line saying why', async () => {
    await charge(order({ payment_method: 'pm_card_visa_chargeDeclined' }));
    await charge(order(), { Origin: 'https://evil.example' });
    const warnings = lines(warn).filter((line) => line.event === 'request');
    expect(warnings).toEqual([
      expect.objectContaining({
        status: 402,
        route: '/charge',
        outcome: 'stripe_error',
        code: 'card_declined',
        decline_code: 'generic_decline',
      }),
      expect.objectContaining({
        status: 403,
        problem: 'cross_origin',
        origin: 'https://evil.example',
      }),
    ]);
  });

  it('leave successful static files to Workers invocation logs', async () => {
    await checkout('/favicon.svg');
    await checkout('/config');
    expect(lines(out).map((line) => line.route)).toEqual(['/config']);
  });
});
