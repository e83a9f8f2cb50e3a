/**
 * Server-Timing on every dynamic route: how long the request waited on D1, on Stripe, and in all,
 * as `d1`, `stripe` and `total` durations in ms and nothing else, so that the browser's DevTools
 * show where a request's time went and nothing about what it was for.
 */
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { adminFetch, mint } from '../support/access';
import { ACCESS_SIM_ORIGIN } from '../support/access-env';
import {
  charge,
  checkout,
  fault,
  heldKeys,
  order,
  orderOf,
  releaseHeld,
  resetAll,
} from '../support/checkout';
import { promotionCode, quote } from '../support/cart';
import { consoleApi, refund } from '../support/console';
import { TEST_ENV } from '../support/env';
import { privateDataIn } from '../support/hygiene';

beforeEach(resetAll);
afterEach(() => vi.restoreAllMocks());

/**
 * The metrics of a response's Server-Timing header, checked to be the three durations and nothing
 * else: fixed names, a number each, no description (where an id, an amount or an address could go).
 */
function serverTiming(response: Response, route: string): Record<string, number> {
  const header = response.headers.get('server-timing') ?? '';
  const what = `Server-Timing of ${route} (${response.status}): "${header}"`;
  const entries = header.split(',').map((entry) => entry.trim());
  for (const entry of entries) expect(entry, what).toMatch(/^(d1|stripe|total);dur=\d+\.\d$/);
  expect(privateDataIn(header), what).toEqual([]);
  const metrics = Object.fromEntries(
    entries.map((entry) => {
      const [name, dur] = entry.split(';dur=');
      return [name, Number(dur)];
    }),
  );
  expect(Object.keys(metrics).sort(), what).toEqual(['d1', 'stripe', 'total']);
  return metrics;
}

/** A Stripe event, signed with the suite's webhook secret, to POST /webhook. */
async function signedEvent(type: string): Promise<RequestInit> {
  const body = JSON.stringify({
    id: `evt_test_${crypto.randomUUID().replaceAll('-', '')}`,
    object: 'event',
    type,
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: { object: { id: 'cus_test_timing', object: 'customer' } },
  });
  const signature = await Stripe.webhooks.generateTestHeaderStringAsync({
    payload: body,
    secret: TEST_ENV.STRIPE_WEBHOOK_SECRET,
  });
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signature },
    body,
  };
}

describe('Server-Timing', () => {
  it('is on every dynamic route: d1, stripe and total in ms, counting the calls each made', async () => {
    // A clock that moves 1 ms per reading: a call, timed before and after, counts 1 ms, so each
    // figure counts calls here (what is timed, not how long it took).
    let now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => ++now);
    const paid = order();
    const paying = await charge(paid);
    const { redirect } = (await paying.clone().json()) as { redirect: string };
    const ledger = await orderOf(paid.checkout_id!);
    const paymentIntent = ledger?.payment_intent_id ?? '';
    expect(paymentIntent).toMatch(/^pi_/);
    const signedIn = { 'Cf-Access-Jwt-Assertion': await mint(ACCESS_SIM_ORIGIN) };

    // Each route, its status, and whether it waited on D1 and Stripe (calls; 0 for none).
    const routes: [string, Response, number, { d1: 'some' | 0; stripe: number }][] = [
      ['GET /config', await checkout('/config'), 200, { d1: 0, stripe: 0 }],
      ['POST /charge', paying, 200, { d1: 'some', stripe: 1 }],
      ['GET /thank-you, paid', await checkout(redirect), 200, { d1: 'some', stripe: 0 }],
      [
        'GET /thank-you, unknown',
        await checkout('/thank-you?payment_intent=pi_unknown'),
        404,
        { d1: 'some', stripe: 0 },
      ],
      [
        'POST /charge, invalid',
        await charge(order(undefined, { quantity: 99 })),
        400,
        { d1: 0, stripe: 0 },
      ],
      [
        'POST /webhook, signed',
        await checkout('/webhook', await signedEvent('customer.created')),
        200,
        { d1: 'some', stripe: 0 },
      ],
      [
        'POST /webhook, unsigned',
        await checkout('/webhook', { method: 'POST', body: '{}' }),
        400,
        { d1: 0, stripe: 0 },
      ],
      [
        'GET /admin/api/session',
        await adminFetch('/admin/api/session', { headers: signedIn }),
        200,
        { d1: 0, stripe: 0 },
      ],
      [
        'GET /admin/api/session, Access off',
        await adminFetch('/admin/api/session', { vars: {} }),
        404,
        { d1: 0, stripe: 0 },
      ],
      [
        'POST /quote, a promotion code new to the isolate',
        await quote({
          items: [{ product: 'support-5', quantity: 1 }],
          promotion_code: (await promotionCode()).code,
        }),
        200,
        { d1: 0, stripe: 2 },
      ],
      [
        'POST /admin/api/orders/search',
        await consoleApi('/admin/api/orders/search', { method: 'POST' }),
        200,
        { d1: 'some', stripe: 0 },
      ],
      [
        'POST /admin/api/orders/:id/refunds',
        await refund(ledger?.id ?? '', { amount: 100 }),
        201,
        { d1: 'some', stripe: 1 },
      ],
      ['GET /no-such-page', await checkout('/no-such-page'), 404, { d1: 0, stripe: 0 }],
    ];

    for (const [route, response, status, waited] of routes) {
      expect(response.status, route).toBe(status);
      const metrics = serverTiming(response, route);
      if (waited.d1 === 0) expect(metrics.d1, route).toBe(0);
      else expect(metrics.d1, route).toBeGreaterThan(0);
      expect(metrics.stripe, route).toBe(waited.stripe);
      expect(metrics.total, route).toBeGreaterThan(metrics.d1! + metrics.stripe!);
      // Nothing of what the request was about.
      const header = response.headers.get('server-timing') ?? '';
      for (const id of [paymentIntent, paid.checkout_id!, ledger?.id ?? '', 'pi_unknown'])
        expect(header, route).not.toContain(id);
    }
  });

  it('shows a slow Stripe in `stripe`, within `total`', async () => {
    // A clock that moves only while the simulator holds the PaymentIntent call: 200 ms of it.
    let now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    await fault({ mode: 'delay', delay_ms: 60_000, count: 1 });
    const paying = charge(order());
    await expect.poll(heldKeys).toHaveLength(1);
    now += 200;
    await releaseHeld();
    const response = await paying;
    expect(response.status).toBe(200);
    const metrics = serverTiming(response, 'POST /charge');
    expect(metrics).toEqual({ d1: 0, stripe: 200, total: 200 });
  });
});
