/**
 * Hosted Checkout (CHECKOUT_UI=hosted) when Stripe refuses the Session for the shop's set-up:
 * the customer reads that the shop cannot take the payment, not charged (a retry cannot succeed),
 * nothing is made at Stripe, the attempt is retired, and the request's log line tells the merchant
 * what Stripe refused. Refusals the simulator holds as Stripe does: a country Stripe collects no
 * addresses in, a total under the currency's minimum. Through the Worker's fetch handler.
 */
import { beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { SHIPPING } from '../fixtures/shop/shipping';
import { priceAt } from '../support/cart';
import {
  advanceSimClock,
  charge,
  orderOf,
  resetAll,
  stripe,
  watchRequestLines,
} from '../support/checkout';

const HOSTED = { CHECKOUT_UI: 'hosted' };

beforeEach(resetAll);
/** The request log lines written so far. */
const requestLines = watchRequestLines();

/** The shop ships to a country Stripe collects no addresses in, for this test only. */
function shipAlsoTo(country: string) {
  const countries = SHIPPING.countries as string[];
  countries.push(country);
  onTestFinished(() => void countries.splice(countries.indexOf(country), 1));
}

const cart = (overrides: Record<string, unknown>) => ({
  checkout_id: crypto.randomUUID(),
  ...overrides,
});

/** POST /charge refused: the answer, the order and what Stripe holds afterwards. */
async function refused(body: ReturnType<typeof cart>) {
  const response = await charge(body, {}, HOSTED);
  expect(response.status, await response.clone().text()).toBe(503);
  const sessions = await stripe.checkout.sessions.list({ limit: 10 });
  expect(sessions.data).toEqual([]);
  const answer = await response.json<{
    error: { code: string; message: string; charged: boolean };
  }>();
  return { answer, order: await orderOf(body.checkout_id) };
}

describe("a Session Stripe refuses for the shop's configuration", () => {
  it('answers not configured, not charged, for a country Stripe ships nothing to', async () => {
    shipAlsoTo('CU');
    const body = cart({ items: [{ product: 'mug', quantity: 1 }], shipping_country: 'CU' });
    const { answer, order } = await refused(body);
    expect(answer).toMatchObject({ error: { code: 'payments_not_configured', charged: false } });
    // True of a shop that took payments before: this one cannot be taken, and whom to ask.
    expect(answer.error.message).toBe(
      'This shop cannot take your payment right now. You have not been charged. Please contact ' +
        'the shop.',
    );
    // The attempt is retired: its next click would be a new attempt, with a new key.
    expect(order).toMatchObject({ status: 'failed', attempt: 2, checkout_session_id: null });
    expect(requestLines()).toEqual([
      expect.objectContaining({
        route: '/charge',
        status: 503,
        order_id: order!.id,
        problem: 'payments.refused',
        reason: 'misconfigured',
        param: 'shipping_address_collection[allowed_countries][0]',
        stripe_request_id: expect.stringMatching(/^req_/),
        detail: expect.stringMatching(
          /^Invalid shipping_address_collection\[allowed_countries\]\[0\]: must be one of/,
        ),
      }),
    ]);
  });

  it('says what Stripe refused for a total under its minimum, and the same again', async () => {
    priceAt('wallpapers', 30);
    const body = cart({ items: [{ product: 'wallpapers', quantity: 1 }] });
    const { answer, order } = await refused(body);
    expect(answer).toMatchObject({ error: { code: 'payments_not_configured', charged: false } });
    expect(order).toMatchObject({ status: 'failed', attempt: 2 });
    const line = expect.objectContaining({
      problem: 'payments.refused',
      reason: 'misconfigured',
      code: null,
      param: null,
      detail: "The Checkout Session's total amount due must add up to at least $0.50 usd",
    });
    // A retry is a new attempt, refused alike: never a Session, never "try again".
    const again = await refused(body);
    expect(again.answer).toMatchObject({ error: { code: 'payments_not_configured' } });
    expect(again.order).toMatchObject({ status: 'failed', attempt: 3 });
    expect(requestLines()).toEqual([line, line]);
  });

  it("leaves Stripe's message out when the Session carried the customer's email", async () => {
    priceAt('wallpapers', 30);
    const email = 'jane.doe@example.com';
    const body = cart({ items: [{ product: 'wallpapers', quantity: 1 }], email });
    const { answer } = await refused(body);
    expect(answer).toMatchObject({ error: { code: 'payments_not_configured', charged: false } });
    const [line] = requestLines();
    expect(line).toMatchObject({
      problem: 'payments.refused',
      stripe_request_id: expect.stringMatching(/^req_/),
    });
    expect(line).not.toHaveProperty('detail');
    expect(JSON.stringify(requestLines())).not.toContain('jane.doe');
  });
});

describe('a Session refused for what a new attempt changes', () => {
  it('answers stripe_unavailable when the attempt’s expiry is too near for Stripe', async () => {
    // Stripe's clock ahead of the Worker's: the expiry chosen, 31 minutes on, is under its 30.
    await advanceSimClock(5 * 60);
    const body = cart({ items: [{ product: 'support-5', quantity: 1 }] });
    const { answer, order } = await refused(body);
    expect(answer).toMatchObject({ error: { code: 'stripe_unavailable', charged: false } });
    expect(order).toMatchObject({ status: 'failed', attempt: 2 });
    const [line] = requestLines();
    expect(line).toMatchObject({ stripe_error: 'invalid_request_error' });
    expect(line).not.toHaveProperty('problem');
  });
});
