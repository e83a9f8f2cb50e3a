/**
 * A 500 Stripe saved for an idempotency key without carrying the request out (the simulator's
 * `fail` fault): every later use of the key replays it for a day. The checkout reads where the
 * payment stands instead, and moves on to a new key, never leaving the customer on "could not
 * confirm" for as long as the key lives. Through the Worker's fetch handler.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  charge,
  confirmationToken,
  fault,
  order,
  orderOf,
  paymentIntents,
  resetAll,
  simRequests,
} from '../support/checkout';

beforeEach(resetAll);

interface Answer {
  status?: string;
  error?: { code: string; charged: false | 'unknown' };
}

/** The answer's status and body. */
async function answerOf(response: Response): Promise<[number, Answer]> {
  return [response.status, await response.json<Answer>()];
}

describe('a key whose 500 Stripe replays', () => {
  it("PaymentIntent create: not charged, and the next Pay charges once under the next attempt's key", async () => {
    const body = order({ payment_method: 'pm_card_visa' });
    await fault({ mode: 'fail', count: 1 });
    const [status, first] = await answerOf(await charge(body));
    await fault(null);
    expect([status, first.error]).toEqual([
      503,
      expect.objectContaining({ code: 'stripe_unavailable', charged: false }),
    ]);
    expect(await paymentIntents()).toEqual([]);
    // The replay was not resent again: the key's first 500, then one replay.
    const creates = (await simRequests()).filter(
      (r) => r.method === 'POST' && r.path === '/v1/payment_intents',
    );
    expect(creates.map((r) => [r.status, r.replayed])).toEqual([
      [500, false],
      [500, true],
    ]);
    const again = await charge(body);
    expect(await answerOf(again)).toEqual([200, expect.objectContaining({ status: 'succeeded' })]);
    const pis = await paymentIntents();
    expect(pis.map((pi) => pi.status)).toEqual(['succeeded']);
    expect(await orderOf(body.checkout_id!)).toMatchObject({
      status: 'paid',
      payment_intent_id: pis[0]!.id,
    });
  });

  it('confirm of the PaymentIntent after a decline: not charged, then the next Pay charges it', async () => {
    const body = order({
      confirmation_token: await confirmationToken('pm_card_visa_chargeDeclined'),
    });
    expect((await charge(body)).status).toBe(402);
    const retry = { ...body, confirmation_token: await confirmationToken('pm_card_visa') };
    await fault({ mode: 'fail', count: 1 });
    const [status, first] = await answerOf(await charge(retry));
    await fault(null);
    expect([status, first.error?.code]).toEqual([503, 'stripe_unavailable']);
    const again = await charge(retry);
    expect(await answerOf(again)).toEqual([200, expect.objectContaining({ status: 'succeeded' })]);
    const pis = await paymentIntents();
    expect(pis.map((pi) => pi.status)).toEqual(['succeeded']);
    expect(await orderOf(body.checkout_id!)).toMatchObject({
      status: 'paid',
      payment_intent_id: pis[0]!.id,
    });
  });
});
