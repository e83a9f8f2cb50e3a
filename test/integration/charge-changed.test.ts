/**
 * A changed request (another email here) with the checkout id of an order an earlier request
 * left pending (without a PaymentIntent, or with one a retry confirmed): the page sends it when
 * the first answer was lost, or has not come yet. That earlier create or confirm may have charged,
 * so the answer is never "not charged" until Stripe proves it: the page would start a new checkout
 * and charge again.
 * Through the Worker's fetch handler; webhook deliveries paused, as when they are late.
 */
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  charge,
  fault,
  heldKeys,
  order,
  orderOf,
  paymentIntents,
  releaseHeld,
  resetAll,
  simRequests,
  webhookDeliveries,
} from '../support/checkout';

beforeEach(resetAll);

/** The same checkout as `body`, its email changed in the page. */
const changed = (body: ReturnType<typeof order>) => ({ ...body, email: 'sam.roe@example.com' });

/**
 * A checkout whose only request ended without Stripe's answer (`spec`: how), its order left
 * pending without a PaymentIntent; as if its attempt had begun a minute ago (the request is over).
 */
async function leftPending(spec: Parameters<typeof fault>[0]) {
  const body = order({ payment_method: 'pm_card_visa' });
  await fault(spec);
  expect((await charge(body)).status).toBe(502);
  await fault(null);
  expect(await orderOf(body.checkout_id!)).toMatchObject({
    status: 'pending',
    payment_intent_id: null,
  });
  await env.DB.prepare(
    `UPDATE orders SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 minutes')
     WHERE checkout_id = ?`,
  )
    .bind(body.checkout_id)
    .run();
  return body;
}

/**
 * The changed request's answer once the checkout is paid, with exactly one payment at Stripe: its
 * status only, no receipt token (the changed request did not pay); the order linked to it.
 */
async function expectPaidOnce(response: Response, checkoutId: string) {
  expect(response.status).toBe(200);
  const intents = await paymentIntents();
  expect(intents.map((pi) => pi.status)).toEqual(['succeeded']);
  const id = intents[0]!.id;
  expect(await response.json()).toMatchObject({
    status: 'succeeded',
    redirect: expect.stringMatching(`^/thank-you\\?payment_intent=${id}(?!.*receipt_token)`),
  });
  expect(await orderOf(checkoutId)).toMatchObject({ status: 'paid', payment_intent_id: id });
}

describe('a changed request while the first create may still be on its way', () => {
  it('answers "in progress, unknown", then the payment\'s status once it paid; one payment', async () => {
    await webhookDeliveries(false);
    const body = order({ payment_method: 'pm_card_visa' });
    // Stripe holds the first request's create until the test lets it go.
    await fault({ mode: 'delay', delay_ms: 60_000, count: 1 });
    const first = charge(body);
    await expect.poll(heldKeys).toEqual([`${body.checkout_id}/1`]);
    const early = await charge(changed(body));
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({
      error: { code: 'checkout_in_progress', charged: 'unknown' },
    });
    await releaseHeld();
    expect((await first).status).toBe(200);
    await expectPaidOnce(await charge(changed(body)), body.checkout_id!);
    // The order is the paying request's: the changed one altered nothing.
    expect(await orderOf(body.checkout_id!)).toMatchObject({ email: body.email });
  });
});

describe('a changed request once the first request is over', () => {
  it('answers charged (status only) from the PaymentIntent a lost create made', async () => {
    await webhookDeliveries(false);
    // The create charges at Stripe; every answer is lost on the way back.
    const body = await leftPending({ mode: 'drop', count: 5 });
    await expectPaidOnce(await charge(changed(body)), body.checkout_id!);
  });

  it('answers "checkout changed, not charged" when Stripe has no payment for it', async () => {
    // Every call refused before Stripe acted on it.
    const body = await leftPending({ mode: 'error', status: 500, count: 20 });
    const lists = async () =>
      (await simRequests()).filter((r) => r.method === 'GET' && r.path === '/v1/payment_intents');
    expect(await lists()).toEqual([]);
    const response = await charge(changed(body));
    // Stripe was asked before "not charged": its list has no payment of this checkout.
    expect((await lists()).map((r) => r.status)).toEqual([200]);
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({
      error: { code: 'checkout_changed', charged: false },
    });
    expect(await paymentIntents()).toEqual([]);
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'pending' });
  });
});

describe('a changed request after a retry whose confirm answer was lost', () => {
  it('answers charged (status only) from the PaymentIntent the retry confirmed', async () => {
    await webhookDeliveries(false);
    const declined = order({ payment_method: 'pm_card_visa_chargeDeclined' });
    expect((await charge(declined)).status).toBe(402);
    const retry = { ...declined, payment_method: 'pm_card_visa' };
    // The retry's confirm succeeds at Stripe; every answer is lost on the way back.
    await fault({ mode: 'drop', count: 5 });
    expect((await charge(retry)).status).toBe(502);
    await fault(null);
    const pending = await orderOf(declined.checkout_id!);
    expect(pending).toMatchObject({ status: 'pending', payment_intent_id: expect.any(String) });
    // The retry's request is over: as if its attempt had begun a minute ago.
    await env.DB.prepare(
      `UPDATE orders SET attempt_started_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 minutes')
       WHERE checkout_id = ?`,
    )
      .bind(declined.checkout_id)
      .run();
    await expectPaidOnce(await charge(changed(retry)), declined.checkout_id!);
  });
});
