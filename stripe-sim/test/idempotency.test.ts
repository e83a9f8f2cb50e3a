import { env, runInDurableObject } from 'cloudflare:test';
import type Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import { line, SUCCESS_URL } from './checkout-helpers';
import { api, control, resetAll, responseHeader, stripeClient, stripeError } from './helpers';
import type { ClockState } from '../src/clock';
import type { HeldRequest } from '../src/faults';
import { Idempotency, KEY_LIFETIME_SECONDS } from '../src/idempotency';
import type { LoggedRequest } from '../src/request-log';
import { SIMULATED_ACCOUNT } from '../src/routes/account';
import { migrate } from '../src/schema';

const stripe = stripeClient();
beforeEach(resetAll);

const createBody = 'amount=1500&currency=usd&payment_method=pm_card_visa&confirm=true';

/** One request's two tries with one key: the parameters differ, the key does not. */
const create = (params: Partial<Stripe.PaymentIntentCreateParams> = {}) =>
  stripe.paymentIntents.create(
    { amount: 1500, currency: 'usd', ...params },
    { idempotencyKey: 'corrected' },
  );
const createSession = (params: Partial<Stripe.Checkout.SessionCreateParams>) =>
  stripe.checkout.sessions.create(
    { mode: 'payment', success_url: SUCCESS_URL, line_items: [line('Mug', 1500)], ...params },
    { idempotencyKey: 'corrected' },
  );

describe('Idempotency-Key', () => {
  it('replays the first response for a repeated key with the same parameters', async () => {
    const first = await stripe.paymentIntents.create(
      { amount: 1500, currency: 'usd' },
      { idempotencyKey: 'order-1' },
    );
    const again = await stripe.paymentIntents.create(
      { amount: 1500, currency: 'usd' },
      { idempotencyKey: 'order-1' },
    );
    expect(again.id).toBe(first.id);
    expect(responseHeader(again, 'Idempotent-Replayed')).toBe('true');
    expect(responseHeader(first, 'Idempotent-Replayed')).toBeNull();
    expect((await stripe.paymentIntents.list()).data).toHaveLength(1);
    const log = await control<LoggedRequest[]>('/requests');
    expect(log.map((entry) => entry.replayed)).toEqual([false, true, false]);
  });

  it('matches parameters whatever their order in the body', async () => {
    const first = await api('/v1/payment_intents', {
      body: 'amount=1500&currency=usd&metadata[a]=1&metadata[b]=2',
      headers: { 'Idempotency-Key': 'k' },
    });
    const again = await api('/v1/payment_intents', {
      body: 'metadata[b]=2&currency=usd&metadata[a]=1&amount=1500',
      headers: { 'Idempotency-Key': 'k' },
    });
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(((await again.json()) as { id: string }).id).toBe(
      ((await first.json()) as { id: string }).id,
    );
  });

  it('replays a first error too (a decline), without a second charge attempt', async () => {
    const first = await stripeError(() =>
      stripe.paymentIntents.create(
        {
          amount: 1500,
          currency: 'usd',
          payment_method: 'pm_card_visa_chargeDeclined',
          confirm: true,
        },
        { idempotencyKey: 'declined' },
      ),
    );
    const again = await stripeError(() =>
      stripe.paymentIntents.create(
        {
          amount: 1500,
          currency: 'usd',
          payment_method: 'pm_card_visa_chargeDeclined',
          confirm: true,
        },
        { idempotencyKey: 'declined' },
      ),
    );
    expect(again.statusCode).toBe(402);
    expect(again.headers?.['idempotent-replayed']).toBe('true');
    expect([again.code, again.decline_code, again.charge, again.payment_intent?.id]).toEqual([
      first.code,
      first.decline_code,
      first.charge,
      first.payment_intent?.id,
    ]);
    expect((await stripe.charges.list()).data).toHaveLength(1);
  });

  it('refuses the key with other parameters: 400 idempotency_error, as at Stripe', async () => {
    await stripe.paymentIntents.create(
      { amount: 1500, currency: 'usd' },
      { idempotencyKey: 'order-2' },
    );
    const err = await stripeError(() =>
      stripe.paymentIntents.create(
        { amount: 1600, currency: 'usd' },
        { idempotencyKey: 'order-2' },
      ),
    );
    expect(err.statusCode).toBe(400);
    expect(err.type).toBe('StripeIdempotencyError');
    expect(err.rawType).toBe('idempotency_error');
    expect(err.message).toContain(
      'Keys for idempotent requests can only be used with the same parameters they were first used with',
    );
    // Nothing was made for the second request, and the key still replays the first.
    expect((await stripe.paymentIntents.list()).data.map((pi) => pi.amount)).toEqual([1500]);
    const again = await stripe.paymentIntents.create(
      { amount: 1500, currency: 'usd' },
      { idempotencyKey: 'order-2' },
    );
    expect(responseHeader(again, 'Idempotent-Replayed')).toBe('true');
  });

  it('saves nothing for a request that failed validation, so the corrected request can use the key', async () => {
    const bad = await api('/v1/payment_intents', {
      body: 'amount=1500&currency=usd&colour=blue',
      headers: { 'Idempotency-Key': 'fix-me' },
    });
    expect(bad.status).toBe(400);
    const good = await api('/v1/payment_intents', {
      body: 'amount=1500&currency=usd',
      headers: { 'Idempotency-Key': 'fix-me' },
    });
    expect(good.status).toBe(200);
    expect(good.headers.get('Idempotent-Replayed')).toBeNull();
  });

  // Each refused by validation (parseParams, a route's checks) first, then corrected with the key.
  const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;
  it.each<[string, () => Promise<unknown>, () => Promise<unknown>]>([
    [
      'an invalid enum',
      () => create({ capture_method: 'sometimes' as 'manual' }),
      () => create({ capture_method: 'manual' }),
    ],
    ['an invalid boolean', () => create({ confirm: 'yes' as unknown as boolean }), () => create()],
    [
      'a too long text',
      () => create({ description: 'x'.repeat(1001) }),
      () => create({ description: 'x' }),
    ],
    [
      'email_invalid',
      () => create({ receipt_email: 'jane.example.com' }),
      () => create({ receipt_email: 'jane@example.com' }),
    ],
    [
      'a parameter only allowed with confirm=true',
      () => create({ return_url: 'https://shop.test/back' }),
      () => create(),
    ],
    [
      'a Checkout Session expires_at out of bounds',
      () => createSession({ expires_at: inAnHour() - 3500 }),
      () => createSession({ expires_at: inAnHour() }),
    ],
  ])(
    'saves no result for %s: the corrected request with the key is carried out',
    async (_, bad, good) => {
      const refused = await stripeError(bad);
      expect(refused).toMatchObject({ type: 'StripeInvalidRequestError', statusCode: 400 });
      const done = (await good()) as { lastResponse: { headers: unknown } };
      expect(responseHeader(done, 'Idempotent-Replayed')).toBeNull();
    },
  );

  it('20 concurrent creates with one key make one PaymentIntent; the others replay it or get 409', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        api('/v1/payment_intents', { body: createBody, headers: { 'Idempotency-Key': 'burst' } }),
      ),
    );
    const bodies = await Promise.all(
      responses.map(
        (response) => response.json() as Promise<{ id?: string; error?: { code: string } }>,
      ),
    );
    // Each is the PaymentIntent (made or replayed), or 409 while another held the key.
    const [pi] = bodies.filter((body) => body.id);
    for (const [i, response] of responses.entries())
      expect({ status: response.status, body: bodies[i] }).toBeOneOf([
        { status: 200, body: expect.objectContaining({ id: pi?.id }) },
        {
          status: 409,
          body: { error: expect.objectContaining({ code: 'idempotency_key_in_use' }) },
        },
      ]);
    const ids = new Set(bodies.filter((body) => body.id).map((body) => body.id));
    expect(ids.size).toBe(1);
    const list = await stripe.paymentIntents.list({ limit: 100 });
    expect(list.data.map((pi) => pi.id)).toEqual([...ids]);
    expect((await stripe.charges.list()).data).toHaveLength(1);
  });

  it('refuses a key held by a running request (409 idempotency_key_in_use), then replays', async () => {
    // The first request waits, holding its key, until the test releases it.
    await control('/faults', { json: { mode: 'delay', delay_ms: 60_000 } });
    const slow = api('/v1/payment_intents', {
      body: createBody,
      headers: { 'Idempotency-Key': 'held' },
    });
    await expect
      .poll(() => control<HeldRequest[]>('/held'))
      .toEqual([{ method: 'POST', path: '/v1/payment_intents', idempotency_key: 'held' }]);
    const second = await api('/v1/payment_intents', {
      body: createBody,
      headers: { 'Idempotency-Key': 'held' },
    });
    expect(await control('/held/release', { method: 'POST' })).toEqual({ released: 1 });
    expect(second.status).toBe(409);
    expect(second.headers.get('Stripe-Should-Retry')).toBe('true');
    expect(await second.json()).toMatchObject({
      error: { type: 'invalid_request_error', code: 'idempotency_key_in_use' },
    });
    const first = await slow;
    expect(first.status).toBe(200);
    const third = await api('/v1/payment_intents', {
      body: createBody,
      headers: { 'Idempotency-Key': 'held' },
    });
    expect(third.headers.get('Idempotent-Replayed')).toBe('true');
    expect(((await third.json()) as { id: string }).id).toBe(
      ((await first.json()) as { id: string }).id,
    );
    expect((await stripe.paymentIntents.list()).data).toHaveLength(1);
  });

  it('keeps a key per account: another key of the account shares it, a connected account has its own', async () => {
    const params = { amount: 1500, currency: 'usd' };
    const first = await stripe.paymentIntents.create(params, { idempotencyKey: 'shared' });
    // Another secret key of the simulator is the same account: its request replays the first.
    const otherKey = await stripeClient('sk_test_another_key_same_account').paymentIntents.create(
      params,
      { idempotencyKey: 'shared' },
    );
    expect([otherKey.id, responseHeader(otherKey, 'Idempotent-Replayed')]).toEqual([
      first.id,
      'true',
    ]);
    // Made as a connected account, the key is that account's: other parameters are no conflict.
    const connected = { idempotencyKey: 'shared', stripeAccount: 'acct_1ConnectedSim00' };
    const theirs = await stripe.paymentIntents.create({ ...params, amount: 2500 }, connected);
    expect(theirs.id).not.toBe(first.id);
    expect(responseHeader(theirs, 'Idempotent-Replayed')).toBeNull();
    const theirsAgain = await stripe.paymentIntents.create({ ...params, amount: 2500 }, connected);
    expect([theirsAgain.id, responseHeader(theirsAgain, 'Idempotent-Replayed')]).toEqual([
      theirs.id,
      'true',
    ]);
    // And the account's own key still answers its own first request.
    const ours = await stripeError(() =>
      stripe.paymentIntents.create({ ...params, amount: 2500 }, { idempotencyKey: 'shared' }),
    );
    expect(ours.rawType).toBe('idempotency_error');
  });

  it('forgets a key 24 hours after its first use on the simulated clock; then the key is new', async () => {
    const key = { idempotencyKey: 'a-day' };
    const first = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd' }, key);
    // A minute before (the simulated clock also moves with real time, and a busy machine may take
    // seconds between two requests): the first is replayed (a replay does not make the key
    // younger), and other parameters are still refused.
    await advance(KEY_LIFETIME_SECONDS - 60);
    const replay = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd' }, key);
    expect([replay.id, responseHeader(replay, 'Idempotent-Replayed')]).toEqual([first.id, 'true']);
    const refused = await stripeError(() =>
      stripe.paymentIntents.create({ amount: 1600, currency: 'usd' }, key),
    );
    expect(refused.rawType).toBe('idempotency_error');
    await advance(60);
    // 24 hours on: the key is pruned, so a request with it (other parameters here) is carried out.
    const fresh = await stripe.paymentIntents.create({ amount: 1600, currency: 'usd' }, key);
    expect(fresh.id).not.toBe(first.id);
    expect(responseHeader(fresh, 'Idempotent-Replayed')).toBeNull();
    const freshAgain = await stripe.paymentIntents.create({ amount: 1600, currency: 'usd' }, key);
    expect([freshAgain.id, responseHeader(freshAgain, 'Idempotent-Replayed')]).toEqual([
      fresh.id,
      'true',
    ]);
    expect((await stripe.paymentIntents.list()).data.map((pi) => pi.amount)).toEqual([1600, 1500]);
  });

  it('carries out the very same request again once its key is a day old, as Stripe would', async () => {
    const pay = () => stripe.paymentIntents.create(paid, { idempotencyKey: 'retried-next-day' });
    const first = await pay();
    await advance(KEY_LIFETIME_SECONDS);
    const second = await pay();
    expect(second.id).not.toBe(first.id);
    expect(responseHeader(second, 'Idempotent-Replayed')).toBeNull();
    // Both were charged: code must not count on a day-old key to stop a second payment.
    expect((await stripe.charges.list()).data.map((charge) => charge.payment_intent)).toEqual([
      second.id,
      first.id,
    ]);
  });

  it("keeps the keys saved before they were scoped: the simulator's account's, for 24 hours", async () => {
    const stub = env.SIM.get(env.SIM.idFromName(`idempotency-migration-${crypto.randomUUID()}`));
    await runInDurableObject(stub, async (_instance, state: DurableObjectState) => {
      const { sql } = state.storage;
      sql.exec('DROP TABLE idempotency_keys');
      sql.exec(
        'CREATE TABLE idempotency_keys (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, ' +
          'status INTEGER NOT NULL, body TEXT NOT NULL, request_id TEXT NOT NULL)',
      );
      sql.exec(
        "INSERT INTO idempotency_keys VALUES ('old-key', 'POST /v1/refunds {}', 200, '{}', 'req_old')",
      );
      migrate(sql);
      const keys = new Idempotency(sql);
      expect(keys.saved(SIMULATED_ACCOUNT.id, 'old-key')).toEqual({
        fingerprint: 'POST /v1/refunds {}',
        status: 200,
        body: '{}',
        request_id: 'req_old',
      });
      expect(keys.saved('acct_1ConnectedSim00', 'old-key')).toBeUndefined();
      const [row] = sql.exec<{ created: number }>('SELECT created FROM idempotency_keys').toArray();
      expect(Math.abs(row!.created - Date.now() / 1000)).toBeLessThan(600);
    });
  });
});

const paid: Stripe.PaymentIntentCreateParams = {
  amount: 1500,
  currency: 'usd',
  payment_method: 'pm_card_visa',
  confirm: true,
};

/** Moves the simulator's clock forward by `seconds`. */
async function advance(seconds: number): Promise<void> {
  const before = await control<ClockState>('/clock');
  const after = await control<ClockState>('/clock', { json: { advance_seconds: seconds } });
  expect(after.offset_seconds - before.offset_seconds).toBe(seconds);
}
