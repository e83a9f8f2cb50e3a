/**
 * Restricted keys (rk_test_…), driven by stripe-node: a secret key with every permission until
 * POST /_sim/restricted_keys takes one away; then Stripe's 403 (StripePermissionError).
 */
import Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import { ORIGIN, control, resetAll, simFetch, stripeClient, stripeError } from './helpers';

const RESTRICTED_KEY = 'rk_test_checkout1234';
const restricted = stripeClient(RESTRICTED_KEY);
const stripe = stripeClient();
beforeEach(resetAll);

/** Takes a permission away from a restricted key. */
const lack = (permission: string, key = RESTRICTED_KEY) =>
  control('/restricted_keys', { json: { key, lacks: permission } });

const pay = { amount: 1500, currency: 'usd', payment_method: 'pm_card_visa', confirm: true };

describe('a restricted test key', () => {
  it('works as a secret key while it has the permissions', async () => {
    const pi = await restricted.paymentIntents.create(pay, { idempotencyKey: 'rk-1' });
    expect(pi.status).toBe('succeeded');
    expect((await restricted.paymentIntents.retrieve(pi.id)).id).toBe(pi.id);
    expect(await stripe.paymentIntents.retrieve(pi.id)).toMatchObject({ status: 'succeeded' });
  });

  it("without a resource's write permission: Stripe's 403 for writes, naming it; reads work", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd' });
    await lack('rak_payment_intent_write');
    const err = await stripeError(() => restricted.paymentIntents.create(pay));
    expect(err).toBeInstanceOf(Stripe.errors.StripePermissionError);
    expect(err).toMatchObject({ statusCode: 403, rawType: 'invalid_request_error' });
    expect(err.message).toBe(
      "The provided key 'rk_test_********1234' does not have the required permissions for " +
        "this endpoint on account 'acct_1SimTestModeOnly'. Having the " +
        "'rak_payment_intent_write' permission would allow this request to continue.",
    );
    expect(err.message).not.toContain(RESTRICTED_KEY);
    expect(await restricted.paymentIntents.retrieve(pi.id)).toMatchObject({ id: pi.id });
    // Nothing was made, and the other keys keep their permissions.
    expect((await stripe.paymentIntents.list()).data.map((p) => p.id)).toEqual([pi.id]);
    await stripeClient('rk_test_other5678').paymentIntents.create(pay);
    await stripe.paymentIntents.create(pay);
  });

  it('without the read permission: neither reads nor writes; other resources still work', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd' });
    await lack('rak_payment_intent_read');
    const read = await stripeError(() => restricted.paymentIntents.retrieve(pi.id));
    expect(read.statusCode).toBe(403);
    expect(read.message).toContain("'rak_payment_intent_read'");
    const write = await stripeError(() => restricted.paymentIntents.cancel(pi.id));
    expect(write.message).toContain("'rak_payment_intent_write'");
    expect((await restricted.customers.create({ email: 'jane@example.com' })).object).toBe(
      'customer',
    );
  });

  it('names the resource of nested paths as Stripe does (checkout_session)', async () => {
    await lack('rak_checkout_session_read');
    const err = await stripeError(() => restricted.checkout.sessions.list());
    expect(err.message).toContain("'rak_checkout_session_read'");
  });

  it('has every permission again after a reset', async () => {
    await lack('rak_payment_intent_write');
    await resetAll();
    expect((await restricted.paymentIntents.create(pay)).status).toBe('succeeded');
  });

  it('refuses live restricted keys, and control requests that name no restricted test key', async () => {
    const live = await stripeError(() => stripeClient('rk_live_x1').paymentIntents.list());
    expect(live.statusCode).toBe(401);
    for (const json of [
      { key: 'sk_test_123', lacks: 'rak_payment_intent_write' },
      { key: RESTRICTED_KEY, lacks: 'payment_intent_write' },
      { key: RESTRICTED_KEY, lacks: 'rak_payment_intent_write', also: 1 },
    ]) {
      const response = await simFetch(`${ORIGIN}/_sim/restricted_keys`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(json),
      });
      expect(response.status).toBe(400);
    }
  });
});
