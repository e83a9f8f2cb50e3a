/**
 * POST /charge with a restricted Stripe key (rk_test_…, which STRIPE_SECRET_KEY accepts): it takes
 * payments while it has the permissions; once it lacks one (the simulator's
 * POST /_sim/restricted_keys), Stripe's 403 makes the customer's answer "not configured, not
 * charged", and the request's log line tells the merchant that Stripe rejected the key, never
 * the key. Through the Worker's fetch handler.
 */
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import {
  charge,
  confirmationToken,
  order,
  orderOf,
  paymentIntents,
  resetAll,
  restrictKey,
  simRequests,
} from '../support/checkout';

const RESTRICTED_KEY = 'rk_test_shopcheckout42';
const WITH_RESTRICTED_KEY = { STRIPE_SECRET_KEY: RESTRICTED_KEY };

let spies: MockInstance<(...args: unknown[]) => void>[] = [];
beforeEach(async () => {
  await resetAll();
  spies = (['log', 'warn', 'error'] as const).map((level) => vi.spyOn(console, level));
});
afterEach(() => vi.restoreAllMocks());

/** Every line logged so far. */
const loggedText = () =>
  spies.flatMap((spy) => spy.mock.calls.map((args) => args.map(String).join(' '))).join('\n');

/** The request log lines written so far. */
const requestLines = () =>
  loggedText()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.event === 'request');

describe('a restricted Stripe key', () => {
  it('takes the payment while it has the permissions the checkout needs', async () => {
    const body = order({ confirmation_token: await confirmationToken('pm_card_visa') });
    const response = await charge(body, {}, WITH_RESTRICTED_KEY);
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'succeeded' });
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'paid' });
  });

  it('without the PaymentIntent write permission: not configured, not charged, the merchant told', async () => {
    await restrictKey(RESTRICTED_KEY, 'rak_payment_intent_write');
    const body = order({ confirmation_token: await confirmationToken('pm_card_visa') });
    const response = await charge(body, {}, WITH_RESTRICTED_KEY);
    expect(response.status, await response.clone().text()).toBe(503);
    const answer = await response.json<{ error: { code: string; charged: boolean } }>();
    expect(answer).toMatchObject({ error: { code: 'payments_not_configured', charged: false } });
    // Stripe answered its 403 and made nothing; the attempt is retired.
    expect(await simRequests()).toContainEqual(
      expect.objectContaining({ method: 'POST', path: '/v1/payment_intents', status: 403 }),
    );
    expect(await paymentIntents()).toEqual([]);
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'failed' });
    expect(requestLines()).toContainEqual(
      expect.objectContaining({
        route: '/charge',
        status: 503,
        problem: 'payments.refused',
        detail: 'Stripe rejected STRIPE_SECRET_KEY',
        stripe_status: 403,
      }),
    );
    expect(loggedText()).not.toContain(RESTRICTED_KEY);
  });
});
