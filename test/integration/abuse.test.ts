/**
 * Card-testing defence: per-IP and per-checkout rate limits, the declined-attempts cap and
 * Cloudflare Turnstile, each refusing before any Stripe call.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { RATE_LIMIT_PERIOD_SECONDS } from '../../src/checkout/charge';
import { MAX_DECLINES_PER_CHECKOUT } from '../../src/checkout/pay';
import worker from '../../src/index';
import {
  charge,
  checkout,
  fault,
  order,
  paymentIntents,
  payDirectly,
  resetAll,
  simRequests,
} from '../support/checkout';
import { CHECKOUT_ORIGIN } from '../support/env';
import { remember } from '../support/hygiene';

beforeEach(resetAll);

const stripeCalls = async () => (await simRequests()).length;

describe('rate limits', () => {
  it('answers 429 with Retry-After once an IP passes its limit (30 a minute), before Stripe is called', async () => {
    const ip = '203.0.113.7';
    // Invalid bodies count too: a card tester learns nothing by sending garbage.
    for (let i = 0; i < 30; i++)
      expect((await charge({ nonsense: i }, { 'CF-Connecting-IP': ip })).status).toBe(400);
    const before = await stripeCalls();
    const limited = await charge(order(), { 'CF-Connecting-IP': ip });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe(String(RATE_LIMIT_PERIOD_SECONDS));
    const { error } = await limited.json<{
      error: { code: string; message: string; charged: boolean };
    }>();
    expect(error).toMatchObject({ code: 'rate_limited', charged: false });
    expect(error.message).toContain('You have not been charged.');
    expect(await stripeCalls()).toBe(before);
    // Another customer is not affected.
    expect((await charge(order())).status).toBe(200);
  });

  it('answers 429 once one checkout passes its limit (15 a minute), before Stripe is called', async () => {
    const body = order();
    for (let i = 0; i < 15; i++) expect((await charge(body)).status).toBe(200);
    const before = await stripeCalls();
    expect(before).toBe(1);
    const limited = await charge(body);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe(String(RATE_LIMIT_PERIOD_SECONDS));
    expect(await stripeCalls()).toBe(before);
  });

  it(`refuses a checkout after ${MAX_DECLINES_PER_CHECKOUT} declined attempts, without calling Stripe`, async () => {
    const body = order({ payment_method: 'pm_card_visa_chargeDeclined' });
    for (let i = 0; i < MAX_DECLINES_PER_CHECKOUT; i++)
      expect((await charge(body, { 'CF-Connecting-IP': `198.51.100.${i + 1}` })).status).toBe(402);
    const before = await stripeCalls();
    const capped = await charge({ ...body, payment_method: 'pm_card_visa' });
    expect(capped.status).toBe(429);
    expect((await capped.json<{ error: { code: string } }>()).error.code).toBe('too_many_declines');
    expect(await stripeCalls()).toBe(before);
  });
});

describe('Cloudflare Turnstile', () => {
  const PASS = {
    TURNSTILE_SITE_KEY: '1x00000000000000000000AA',
    TURNSTILE_SECRET_KEY: '1x0000000000000000000000000000000AA',
  };
  const FAIL = {
    TURNSTILE_SITE_KEY: '1x00000000000000000000AA',
    TURNSTILE_SECRET_KEY: '2x0000000000000000000000000000000AA',
  };

  async function withEnv(
    overrides: Record<string, string>,
    path: string,
    init?: RequestInit,
  ): Promise<Response> {
    const ctx = createExecutionContext();
    const response = await worker.fetch(
      new Request(new URL(path, CHECKOUT_ORIGIN), init),
      { ...env, ...overrides } as Env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    await remember(response);
    return response;
  }
  const post = (body: object) => ({
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Origin: CHECKOUT_ORIGIN,
      'CF-Connecting-IP': '192.0.2.10',
    },
    body: JSON.stringify(body),
  });
  const siteverifyCalls = async () =>
    (await env.OUTBOUND.fetch('http://outbound.test/siteverify', { method: 'DELETE' })).json<
      { token: string; remoteip: string }[]
    >();

  it('is off unless configured: no widget, no token needed, no siteverify call', async () => {
    expect(await (await checkout('/config')).json()).not.toHaveProperty('turnstileSiteKey');
    expect((await charge(order())).status).toBe(200);
    expect(await siteverifyCalls()).toEqual([]);
  });

  it('when configured, shows the widget, allows its script and frame, and requires a token before Stripe', async () => {
    const config = await withEnv(PASS, '/config');
    expect(await config.json()).toMatchObject({ turnstileSiteKey: PASS.TURNSTILE_SITE_KEY });
    const csp = config.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src [^;]*https:\/\/challenges\.cloudflare\.com/);
    expect(csp).toMatch(/frame-src [^;]*https:\/\/challenges\.cloudflare\.com/);

    const before = await stripeCalls();
    const missing = await withEnv(PASS, '/charge', post(order()));
    expect(missing.status).toBe(403);
    expect((await missing.json<{ error: { code: string; param: string } }>()).error).toMatchObject({
      code: 'turnstile_required',
      param: 'turnstile_token',
    });
    expect(await stripeCalls()).toBe(before);
    expect(await siteverifyCalls()).toEqual([]);
  });

  it('verifies the token with siteverify (with the client IP) and pays when it passes', async () => {
    const paid = await withEnv(
      PASS,
      '/charge',
      post(order(undefined, { turnstile_token: 'XXXX.DUMMY.TOKEN.XXXX' })),
    );
    expect(paid.status).toBe(200);
    expect(await siteverifyCalls()).toEqual([
      expect.objectContaining({ token: 'XXXX.DUMMY.TOKEN.XXXX', remoteip: '192.0.2.10' }),
    ]);
  });

  it('refuses with 403, before Stripe, when siteverify says no', async () => {
    const before = await stripeCalls();
    const refused = await withEnv(
      FAIL,
      '/charge',
      post(order(undefined, { turnstile_token: 'XXXX.DUMMY.TOKEN.XXXX' })),
    );
    expect(refused.status).toBe(403);
    expect(
      (await refused.json<{ error: { code: string; message: string } }>()).error,
    ).toMatchObject({ code: 'turnstile_failed' });
    expect(await stripeCalls()).toBe(before);
    expect(await siteverifyCalls()).toHaveLength(1);
  });

  it('lets the page resend an in-doubt payment with its spent token, not a new attempt after a decline', async () => {
    // Every answer from Stripe is lost: the outcome is unknown and the order stays pending.
    const inDoubt = order(
      { payment_method: 'pm_card_visa' },
      { turnstile_token: 'XXXX.DUMMY.TOKEN.XXXX' },
    );
    await fault({ mode: 'drop', count: 10 });
    const first = await withEnv(PASS, '/charge', post(inDoubt));
    await fault(null);
    expect(first.status).toBe(502);
    expect((await first.json<{ error: { charged: string } }>()).error.charged).toBe('unknown');
    // The resend carries the same token, which siteverify now refuses (spent): it goes through.
    const resent = await withEnv(FAIL, '/charge', post(inDoubt));
    expect(resent.status).toBe(200);
    expect((await resent.json<{ status: string }>()).status).toBe('succeeded');
    expect(
      (await paymentIntents()).filter((pi) => pi.metadata.checkout_id === inDoubt.checkout_id),
    ).toHaveLength(1);

    // A resend after the payment went through (a webhook recorded it first) is answered from the
    // ledger, never "the check did not pass".
    const again1 = await withEnv(FAIL, '/charge', post(inDoubt));
    expect(again1.status).toBe(200);
    expect((await again1.json<{ status: string }>()).status).toBe('succeeded');

    // A declined checkout is settled: trying another card needs a new token that passes.
    const declined = order(
      { payment_method: 'pm_card_visa_chargeDeclined' },
      { turnstile_token: 'XXXX.DUMMY.TOKEN.XXXX' },
    );
    expect((await withEnv(PASS, '/charge', post(declined))).status).toBe(402);
    const before = await stripeCalls();
    const again = await withEnv(
      FAIL,
      '/charge',
      post({ ...declined, payment_method: 'pm_card_visa' }),
    );
    expect(again.status).toBe(403);
    expect(await stripeCalls()).toBe(before);
    await siteverifyCalls();
  });

  it('never starts a new attempt for a resend on a spent token (the decline landed meanwhile)', async () => {
    // The race: the check saw the order pending, then the previous attempt's decline was recorded.
    const declined = order({ payment_method: 'pm_card_visa_chargeDeclined' });
    expect((await charge(declined)).status).toBe(402);
    const before = await stripeCalls();
    const result = await payDirectly(
      { ...declined, payment_method: 'pm_card_visa' },
      { newAttemptAllowed: false },
    );
    expect(result).toMatchObject({ kind: 'not_charged', reason: 'check_required' });
    expect(await stripeCalls()).toBe(before);
  });

  it('reads the token a classic form posts as cf-turnstile-response', async () => {
    const fields = {
      checkout_id: crypto.randomUUID(),
      product: 'support-5',
      quantity: '1',
      email: 'jane.doe@example.com',
      stripeToken: 'tok_visa',
      'cf-turnstile-response': 'XXXX.DUMMY.TOKEN.XXXX',
    };
    const response = await withEnv(PASS, '/charge', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: CHECKOUT_ORIGIN },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    expect(await siteverifyCalls()).toHaveLength(1);
  });
});
