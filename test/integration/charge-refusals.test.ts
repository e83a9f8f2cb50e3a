/**
 * POST /charge on our own page when Stripe refuses the PaymentIntent for what the shop sent (a
 * total under the currency's minimum: a price the catalog's check would refuse, set here for one
 * test): the customer reads that the shop cannot take the payment, not charged, and is not asked
 * to re-enter a card that no other card can replace; the request's log line tells the merchant
 * what Stripe refused. A refusal of the customer's own card details stays theirs to fix. Through
 * the Worker's fetch handler.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { priceAt } from '../support/cart';
import {
  charge,
  order,
  orderOf,
  paymentIntents,
  resetAll,
  watchRequestLines,
} from '../support/checkout';

beforeEach(resetAll);
/** The request log lines written so far. */
const requestLines = watchRequestLines();

interface Refusal {
  error: { code: string; message: string; charged: boolean };
}

describe("a PaymentIntent Stripe refuses for the shop's own total", () => {
  it('answers not configured, not charged, and logs what Stripe refused', async () => {
    priceAt('wallpapers', 30);
    const body = order({ payment_method: 'pm_card_visa' }, { product: 'wallpapers' });
    const response = await charge(body);
    expect(response.status).toBe(503);
    const answer = await response.json<Refusal>();
    expect(answer).toMatchObject({ error: { code: 'payments_not_configured', charged: false } });
    expect(answer.error.message).not.toMatch(/card/);
    // Nothing made at Stripe; the attempt retired, so a next click is a new one.
    expect(await paymentIntents()).toEqual([]);
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'failed', attempt: 2 });
    const [line] = requestLines();
    expect(line).toMatchObject({
      route: '/charge',
      status: 503,
      problem: 'payments.refused',
      code: 'amount_too_small',
      param: 'amount',
      stripe_request_id: expect.stringMatching(/^req_/),
    });
    // The request carried the customer's email: Stripe's message is left out.
    expect(line).not.toHaveProperty('detail');
  });

  it("still asks for the card again when Stripe refuses the customer's card details", async () => {
    const response = await charge(order({ payment_method: 'pm_does_not_exist' }));
    expect(response.status).toBe(400);
    expect(await response.json<Refusal>()).toMatchObject({ error: { charged: false } });
    expect(requestLines()[0]).not.toHaveProperty('problem', 'payments.refused');
  });
});
