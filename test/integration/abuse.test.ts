/**
 * Card-testing defence: per-IP and per-checkout rate limits, the declined-attempts cap and
 * Cloudflare Turnstile, each refusing before any Stripe call.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  MAX_DECLINES_PER_CHECKOUT,
  NETWORK_DECLINES_PER_DAY,
  NETWORK_DECLINES_PER_HOUR,
  RATE_LIMIT_PERIOD_SECONDS,
} from '../../src/limits';
import { networkOf } from '../../src/middleware/rate-limit/network';
import worker from '../../src/index';
import { recentDeclines, recordDecline } from '../../src/ledger/declines';
import {
  charge,
  checkout,
  fault,
  order,
  paymentIntents,
  flushWebhooks,
  orderOf,
  payDirectly,
  resetAll,
  sim,
  simRequests,
} from '../support/checkout';
import { sweep } from '../support/console';
import { CHECKOUT_ORIGIN, TEST_RATE_LIMITS } from '../support/env';
import { remember } from '../support/hygiene';
import { inOneWindow } from '../support/rate-window';

/** POST /charge's limits per client network and per checkout, the tests' own. */
const { CHARGE_IP_LIMITER: NETWORK, CHARGE_CHECKOUT_LIMITER: CHECKOUT } = TEST_RATE_LIMITS;

beforeEach(resetAll);

const stripeCalls = async () => (await simRequests()).length;

describe('rate limits', () => {
  it('answers 429 with Retry-After once a client network passes its limit, before Stripe', () =>
    inOneWindow(RATE_LIMIT_PERIOD_SECONDS, async (attempt) => {
      const ip = `203.0.113.${7 + attempt}`;
      // Invalid bodies count too: a card tester learns nothing by sending garbage.
      for (let i = 0; i < NETWORK; i++)
        expect((await charge({ nonsense: i }, { 'CF-Connecting-IP': ip })).status).toBe(400);
      const before = await stripeCalls();
      const limited = await charge(order(), { 'CF-Connecting-IP': ip });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe(String(RATE_LIMIT_PERIOD_SECONDS));
      const { error } = await limited.json<{
        error: { code: string; message: string; charged: boolean | string };
      }>();
      // Refused before its body is read: it may be a "Try again" after a charge whose answer was
      // lost, so it never says "not charged", and the page keeps its request.
      expect(error).toMatchObject({ code: 'rate_limited', charged: 'unknown' });
      expect(error.message).toContain('Trying again is safe');
      expect(error.message).not.toContain('You have not been charged.');
      expect(await stripeCalls()).toBe(before);
      // Another customer is not affected.
      expect((await charge(order())).status).toBe(200);
    }));

  it('counts an IPv6 client by its /64: addresses of one /64 are one client', () =>
    inOneWindow(RATE_LIMIT_PERIOD_SECONDS, async () => {
      const network = `2001:db8:${crypto.randomUUID().slice(0, 4)}:7`;
      const address = (i: number) =>
        i % 2 ? `${network}::${i.toString(16)}` : `${network}:0:0:0:${i.toString(16)}`;
      const answers: number[] = [];
      for (let i = 1; i <= NETWORK + 10; i++)
        answers.push((await charge({ nonsense: i }, { 'CF-Connecting-IP': address(i) })).status);
      expect(answers.slice(0, NETWORK)).toEqual(Array(NETWORK).fill(400));
      expect(answers.slice(NETWORK)).toEqual(Array(10).fill(429));
      // The next /64 is another client.
      const neighbour = `2001:db8:${network.split(':')[2]}:8::1`;
      expect((await charge({ nonsense: 0 }, { 'CF-Connecting-IP': neighbour })).status).toBe(400);
    }));

  it('answers 429 once one checkout passes its limit, before Stripe is called', () =>
    inOneWindow(RATE_LIMIT_PERIOD_SECONDS, async () => {
      const body = order();
      const start = await stripeCalls();
      for (let i = 0; i < CHECKOUT; i++) expect((await charge(body)).status).toBe(200);
      const before = await stripeCalls();
      // Every send of one checkout is one payment: the resends replay it.
      expect(before - start).toBe(1);
      const limited = await charge(body);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe(String(RATE_LIMIT_PERIOD_SECONDS));
      expect(await stripeCalls()).toBe(before);
      // The checkout was charged: its refusal must not say otherwise.
      const { error } = await limited.json<{ error: { message: string; charged: unknown } }>();
      expect(error.charged).toBe('unknown');
      expect(error.message).toContain('Trying again is safe');
      expect(error.message).not.toContain('not been charged');
    }));

  it("answers a checkout's limit with its standing: not charged when its attempts failed", () =>
    inOneWindow(RATE_LIMIT_PERIOD_SECONDS, async () => {
      const body = order({ payment_method: 'pm_card_visa_chargeDeclined' });
      for (let i = 0; i < CHECKOUT; i++) expect((await charge(body)).status).not.toBe(200);
      const limited = await charge(body);
      expect(limited.status).toBe(429);
      const { error } = await limited.json<{ error: { message: string; charged: unknown } }>();
      expect(error).toMatchObject({ code: 'rate_limited', charged: false });
      expect(error.message).toContain('You have not been charged.');
    }));

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

  it('keeps refusing a checkout capped by POST /charge after its webhooks and the sweep, never canceled', async () => {
    const body = order({ payment_method: 'pm_card_visa_chargeDeclined' });
    for (let i = 0; i < MAX_DECLINES_PER_CHECKOUT; i++)
      expect((await charge(body, { 'CF-Connecting-IP': `198.51.100.${i + 1}` })).status).toBe(402);
    await flushWebhooks();
    await sweep();
    await flushWebhooks();
    // Its client secret was never handed out: nothing to cancel, nor to call fraudulent.
    expect((await paymentIntents()).map((pi) => pi.status)).toEqual(['requires_payment_method']);
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'failed' });
    const capped = await charge({ ...body, payment_method: 'pm_card_visa' });
    expect(capped.status).toBe(429);
    expect((await capped.json<{ error: { code: string } }>()).error.code).toBe('too_many_declines');
  });
});

describe('declined attempts per client network', () => {
  const declined = () => order({ payment_method: 'pm_card_visa_chargeDeclined' });
  const from = (network: string) => ({ 'CF-Connecting-IP': network });
  /** A refusal of the cap: 429, before any Stripe call, saying the customer was not charged. */
  async function expectCapped(response: Response, before: number, window: 'hour' | 'day') {
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    const { error } = await response.json<{
      error: { code: string; message: string; charged: boolean };
    }>();
    expect(error).toMatchObject({ code: 'too_many_declines', charged: false });
    const last = window === 'hour' ? 'hour' : '24 hours';
    expect(error.message).toContain(`from your network in the last ${last}`);
    expect(error.message).toContain('You have not been charged.');
    expect(await stripeCalls()).toBe(before);
  }

  it(`refuses a network after ${NETWORK_DECLINES_PER_HOUR} declines in an hour, across checkouts`, async () => {
    const network = `2001:db8:${crypto.randomUUID().slice(0, 4)}:9`;
    // A new checkout for each card, from addresses all over the /64: the per-checkout cap never bites.
    for (let i = 1; i <= NETWORK_DECLINES_PER_HOUR; i++)
      expect((await charge(declined(), from(`${network}::${i}`))).status).toBe(402);
    const before = await stripeCalls();
    await expectCapped(await charge(order(), from(`${network}::abc`)), before, 'hour');
    // Another network pays.
    expect(
      (await charge(order(), from(`2001:db8:${crypto.randomUUID().slice(0, 4)}:9::1`))).status,
    ).toBe(200);
  });

  it(`refuses a network after ${NETWORK_DECLINES_PER_DAY} declines in 24 hours, and forgets older ones`, async () => {
    const address = '198.51.100.77';
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);
    // Earlier today, spread over more than an hour; and many more yesterday, which no longer count.
    for (let i = 1; i < NETWORK_DECLINES_PER_DAY; i++)
      await recordDecline(env.DB, networkOf(address), hoursAgo(1 + (i % 22)));
    for (let i = 0; i < 50; i++) await recordDecline(env.DB, networkOf(address), hoursAgo(24.5));
    expect(await recentDeclines(env.DB, networkOf(address))).toMatchObject({
      hour: 0,
      day: NETWORK_DECLINES_PER_DAY - 1,
    });
    expect((await charge(declined(), from(address))).status).toBe(402);
    const before = await stripeCalls();
    await expectCapped(await charge(order(), from(address)), before, 'day');
  });

  it('lets a settled checkout through the cap: its answer comes from the ledger, with no Stripe call', async () => {
    const address = '198.51.100.78';
    const paid = order();
    expect((await charge(paid, from(address))).status).toBe(200);
    for (let i = 0; i < NETWORK_DECLINES_PER_HOUR; i++)
      await recordDecline(env.DB, networkOf(address));
    const before = await stripeCalls();
    await expectCapped(await charge(order(), from(address)), before, 'hour');
    const again = await charge(paid, from(address));
    expect(again.status).toBe(200);
    expect((await again.json<{ status: string }>()).status).toBe('succeeded');
    expect(await stripeCalls()).toBe(before);
  });

  it('never says "not charged" when capping a checkout whose payment is in doubt', async () => {
    const address = '198.51.100.79';
    const inDoubt = order({ payment_method: 'pm_card_authenticationRequired' });
    await fault({ mode: 'drop', count: 10 });
    expect((await charge(inDoubt, from(address))).status).toBe(502);
    await fault(null);
    for (let i = 0; i < NETWORK_DECLINES_PER_HOUR; i++)
      await recordDecline(env.DB, networkOf(address));
    const capped = await charge(inDoubt, from(address));
    expect(capped.status).toBe(429);
    const { error } = await capped.json<{ error: { charged: string; message: string } }>();
    expect(error.charged).toBe('unknown');
    expect(error.message).toContain('can never be charged twice');
    expect(error.message).not.toContain('not been charged');
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
    overrides: Record<string, string | undefined>,
    path: string,
    init?: RequestInit,
    origin = CHECKOUT_ORIGIN,
  ): Promise<Response> {
    const ctx = createExecutionContext();
    const response = await worker.fetch(
      new Request(new URL(path, origin), init),
      { ...env, ...overrides } as Env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    await remember(response);
    return response;
  }
  const post = (body: object, ip = '192.0.2.10') => ({
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Origin: CHECKOUT_ORIGIN,
      'CF-Connecting-IP': ip,
    },
    body: JSON.stringify(body),
  });
  /** The siteverify calls since the last look (and the double forgets the tokens it saw). */
  const siteverifyCalls = async () =>
    (await env.OUTBOUND.fetch('http://outbound.test/siteverify', { method: 'DELETE' })).json<
      { token: string; remoteip: string; idempotency_key: string | null }[]
    >();
  /** A token of the widget's shape, new for each check (a token verifies once). */
  const newToken = () => `XXXX.DUMMY.${crypto.randomUUID()}`;
  /** A refusal for a failed check, which says nothing was charged. */
  const expectCheckFailed = async (refused: Response) => {
    expect(refused.status).toBe(403);
    expect((await refused.json<{ error: object }>()).error).toMatchObject({
      code: 'turnstile_failed',
      charged: false,
    });
  };
  beforeEach(siteverifyCalls);

  it('is off unless configured: no widget, no token needed, no siteverify call', async () => {
    expect(await (await checkout('/config')).json()).not.toHaveProperty('turnstileSiteKey');
    expect((await charge(order())).status).toBe(200);
    expect(await siteverifyCalls()).toEqual([]);
  });

  it('when configured, offers the widget and allows its script and frame', async () => {
    const config = await withEnv(PASS, '/config');
    expect(await config.json()).toMatchObject({ turnstileSiteKey: PASS.TURNSTILE_SITE_KEY });
    const csp = config.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src [^;]*https:\/\/challenges\.cloudflare\.com/);
    expect(csp).toMatch(/frame-src [^;]*https:\/\/challenges\.cloudflare\.com/);
  });

  it('lets the first attempt from a network go without the challenge, and requires it after a decline', async () => {
    const network = `2001:db8:${crypto.randomUUID().slice(0, 4)}:5`;
    const declined = order({ payment_method: 'pm_card_visa_chargeDeclined' });
    expect((await withEnv(PASS, '/charge', post(declined, `${network}::1`))).status).toBe(402);
    expect(await siteverifyCalls()).toEqual([]);

    // From then on the network needs the check, on a new checkout and from another address of the /64.
    const before = await stripeCalls();
    const next = order();
    const missing = await withEnv(PASS, '/charge', post(next, `${network}::2`));
    expect(missing.status).toBe(403);
    expect((await missing.json<{ error: object }>()).error).toMatchObject({
      code: 'turnstile_required',
      param: 'turnstile_token',
      charged: false,
    });
    expect(await stripeCalls()).toBe(before);
    expect(await siteverifyCalls()).toEqual([]);
    // The same checkout again, with the check the page now shows: paid.
    const checked = await withEnv(
      PASS,
      '/charge',
      post({ ...next, turnstile_token: newToken() }, `${network}::2`),
    );
    expect(checked.status).toBe(200);
    expect(await siteverifyCalls()).toHaveLength(1);
    // Another network still goes without.
    expect((await withEnv(PASS, '/charge', post(order(), '192.0.2.200'))).status).toBe(200);
    expect(await siteverifyCalls()).toEqual([]);
  });

  it('requires the challenge for a checkout that had a decline, from whatever network', async () => {
    const declined = order({ payment_method: 'pm_card_visa_chargeDeclined' });
    expect((await withEnv(PASS, '/charge', post(declined, '192.0.2.31'))).status).toBe(402);
    const retry = await withEnv(
      PASS,
      '/charge',
      post({ ...declined, payment_method: 'pm_card_visa' }, '192.0.2.32'),
    );
    expect(retry.status).toBe(403);
    expect((await retry.json<{ error: { code: string } }>()).error.code).toBe('turnstile_required');
  });

  it('verifies the token with siteverify (with the client IP and an idempotency key) and pays', async () => {
    const turnstile_token = newToken();
    const paid = await withEnv(PASS, '/charge', post(order(undefined, { turnstile_token })));
    expect(paid.status).toBe(200);
    const [call, ...others] = await siteverifyCalls();
    expect(others).toEqual([]);
    expect(call).toMatchObject({ token: turnstile_token, remoteip: '192.0.2.10' });
    // A name-based UUID (version 5): the same check always sends the same key.
    expect(call!.idempotency_key).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('refuses a token solved on another host, before Stripe; example.com only with test keys', async () => {
    // Not one of Cloudflare's test keys: the double passes it, and the host must be ours.
    const OURS = { ...PASS, TURNSTILE_SECRET_KEY: '1x-a-real-looking-key-for-the-double' };
    const before = await stripeCalls();
    const solvedOn = (host: string) => `solved-on:${host}:${newToken()}`;
    for (const turnstile_token of [solvedOn('shop.attacker.example'), newToken()]) {
      await expectCheckFailed(
        await withEnv(OURS, '/charge', post(order(undefined, { turnstile_token }))),
      );
    }
    expect(await stripeCalls()).toBe(before);
    expect(await siteverifyCalls()).toHaveLength(2);
    const host = new URL(CHECKOUT_ORIGIN).hostname;
    for (const [keys, turnstile_token] of [
      [OURS, solvedOn(host)],
      [PASS, newToken()],
    ] as const) {
      const paid = await withEnv(keys, '/charge', post(order(undefined, { turnstile_token })));
      expect(paid.status).toBe(200);
    }
  });

  it('refuses every payment of a deployed Worker set up with a test secret (503), before Stripe', async () => {
    // Stripe itself (no simulator): only the Turnstile check can refuse before it is called.
    const DEPLOYED = 'https://shop.example.com';
    const deployed = { STRIPE_API_BASE: undefined };
    const german = {
      'Content-Type': 'application/json',
      Origin: DEPLOYED,
      'CF-Connecting-IP': '192.0.2.41',
      'Accept-Language': 'de-DE',
    };
    const errors = vi.spyOn(console, 'error');
    const before = await stripeCalls();
    for (const secret of ['1x', '2x', '3x'].map((kind) => `${kind}${'0'.repeat(31)}AA`)) {
      for (const turnstile_token of [undefined, newToken()]) {
        const body = order(undefined, turnstile_token ? { turnstile_token } : {});
        const refused = await withEnv(
          { ...PASS, ...deployed, TURNSTILE_SECRET_KEY: secret },
          '/charge',
          { ...post(body), headers: german },
          DEPLOYED,
        );
        expect(refused.status).toBe(503);
        const { error } = await refused.json<{ error: { message: string } }>();
        expect(error).toMatchObject({ code: 'turnstile_unavailable', charged: false });
        expect(error.message).toContain('Sicherheitsprüfung ist gerade nicht verfügbar');
        expect(error.message).toContain('Ihnen wurde nichts berechnet.');
        expect(await orderOf(body.checkout_id!)).toBeNull();
        const line = JSON.parse(errors.mock.calls.at(-1)![0] as string) as Record<string, unknown>;
        expect(line).toMatchObject({ problem: 'turnstile.unavailable', status: 503 });
        expect(line.detail).toContain('TURNSTILE_SECRET_KEY');
        expect(JSON.stringify(line)).not.toContain(secret);
      }
    }
    errors.mockRestore();
    expect(await stripeCalls()).toBe(before);
    expect(await siteverifyCalls()).toEqual([]);
  });

  it('refuses with 403, before Stripe, when siteverify says no', async () => {
    const before = await stripeCalls();
    await expectCheckFailed(
      await withEnv(FAIL, '/charge', post(order(undefined, { turnstile_token: newToken() }))),
    );
    expect(await stripeCalls()).toBe(before);
    expect(await siteverifyCalls()).toHaveLength(1);
  });

  it('never lets one token pass for two checkouts', async () => {
    const turnstile_token = newToken();
    expect(
      (await withEnv(PASS, '/charge', post(order(undefined, { turnstile_token })))).status,
    ).toBe(200);
    const before = await stripeCalls();
    await expectCheckFailed(
      await withEnv(PASS, '/charge', post(order(undefined, { turnstile_token }))),
    );
    expect(await stripeCalls()).toBe(before);
  });

  it('lets the page resend an in-doubt payment with its spent token', async () => {
    // Every answer from Stripe is lost: the outcome is unknown. (A 3-D Secure card, so that the
    // payment stays open whenever its webhooks arrive.)
    const inDoubt = order(
      { payment_method: 'pm_card_authenticationRequired' },
      { turnstile_token: newToken() },
    );
    await fault({ mode: 'drop', count: 10 });
    const first = await withEnv(PASS, '/charge', post(inDoubt));
    await fault(null);
    expect(first.status).toBe(502);
    expect((await first.json<{ error: { charged: string } }>()).error.charged).toBe('unknown');
    // The resend carries the same, now spent, token: the same check (same idempotency key), which
    // siteverify answers as it did the first time. It goes through to the same payment.
    const resent = await withEnv(PASS, '/charge', post(inDoubt));
    expect(resent.status).toBe(200);
    expect((await resent.json<{ status: string }>()).status).toBe('requires_action');
    const mine = (await paymentIntents()).filter(
      (pi) => pi.metadata.checkout_id === inDoubt.checkout_id,
    );
    expect(mine).toHaveLength(1);
    const checks = await siteverifyCalls();
    expect(checks).toHaveLength(2);
    expect(checks[1]!.idempotency_key).toBe(checks[0]!.idempotency_key);

    // A resend after the payment went through is answered from the ledger: no check, no Stripe call.
    await sim(`/_sim/3ds/${mine[0]!.id}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: 'outcome=complete',
    });
    await flushWebhooks();
    const before = await stripeCalls();
    const again = await withEnv(FAIL, '/charge', post(inDoubt));
    expect(again.status).toBe(200);
    expect((await again.json<{ status: string }>()).status).toBe('succeeded');
    expect(await siteverifyCalls()).toEqual([]);
    expect(await stripeCalls()).toBe(before);
  });

  it('needs a new token for a new attempt after a decline', async () => {
    const declined = order(
      { payment_method: 'pm_card_visa_chargeDeclined' },
      { turnstile_token: newToken() },
    );
    expect((await withEnv(PASS, '/charge', post(declined))).status).toBe(402);
    const before = await stripeCalls();
    // Another card, the same token: a check for the next attempt, which the spent token fails.
    const sameToken = await withEnv(
      PASS,
      '/charge',
      post({ ...declined, payment_method: 'pm_card_visa' }),
    );
    await expectCheckFailed(sameToken);
    expect(await stripeCalls()).toBe(before);
    const newCheck = { ...declined, payment_method: 'pm_card_visa', turnstile_token: newToken() };
    expect((await withEnv(PASS, '/charge', post(newCheck))).status).toBe(200);
  });

  it('never starts a new attempt for a resend on a spent token (the decline landed meanwhile)', async () => {
    // The race: the check passed for attempt 1, then attempt 1's decline was recorded.
    const declined = order({ payment_method: 'pm_card_visa_chargeDeclined' });
    expect((await charge(declined)).status).toBe(402);
    expect(await orderOf(declined.checkout_id!)).toMatchObject({ status: 'failed', attempt: 2 });
    const before = await stripeCalls();
    const result = await payDirectly(
      { ...declined, payment_method: 'pm_card_visa' },
      { checkedAttempt: 1 },
    );
    expect(result).toMatchObject({ kind: 'not_charged', reason: 'check_required' });
    expect(await stripeCalls()).toBe(before);
    expect(await orderOf(declined.checkout_id!)).toMatchObject({ status: 'failed', attempt: 2 });
  });

  it('never says "not charged" when refusing a check for a checkout whose payment is in doubt', async () => {
    const inDoubt = order(
      { payment_method: 'pm_card_authenticationRequired' },
      { turnstile_token: newToken() },
    );
    await fault({ mode: 'drop', count: 10 });
    expect((await withEnv(PASS, '/charge', post(inDoubt))).status).toBe(502);
    await fault(null);
    // Five minutes later the token has expired: the check fails, and the answer says so honestly.
    const expired = await withEnv(
      FAIL,
      '/charge',
      post({ ...inDoubt, turnstile_token: newToken() }),
    );
    expect(expired.status).toBe(403);
    const { error } = await expired.json<{
      error: { code: string; charged: string; message: string };
    }>();
    expect(error).toMatchObject({ code: 'turnstile_failed', charged: 'unknown' });
    expect(error.message).toContain('can never be charged twice');
    expect(error.message).not.toContain('not been charged');
  });

  it('answers 503 when siteverify fails or does not answer, after one retry with the same key', async () => {
    for (const turnstile_token of ['unavailable', 'hang']) {
      const before = await stripeCalls();
      const refused = await withEnv(PASS, '/charge', post(order(undefined, { turnstile_token })));
      expect(refused.status, turnstile_token).toBe(503);
      expect((await refused.json<{ error: object }>()).error).toMatchObject({
        code: 'turnstile_unavailable',
        charged: false,
      });
      const checks = await siteverifyCalls();
      expect(checks.map((check) => check.token)).toEqual([turnstile_token, turnstile_token]);
      expect(checks[1]!.idempotency_key).toBe(checks[0]!.idempotency_key);
      expect(await stripeCalls()).toBe(before);
    }
  });

  it('reads the token a classic form posts as cf-turnstile-response', async () => {
    const fields = {
      checkout_id: crypto.randomUUID(),
      product: 'support-5',
      quantity: '1',
      email: 'jane.doe@example.com',
      stripeToken: 'tok_visa',
      'cf-turnstile-response': newToken(),
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
