/**
 * A changed request (another email here) with the checkout id of an order an earlier request
 * opened and left pending without a PaymentIntent: the page sends it when the first answer was
 * lost, or has not come yet. That earlier create may have charged, so the answer is never "not
 * charged" until Stripe proves it: the page would start a new checkout and charge again.
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

interface Answer {
  status?: string;
  redirect?: string;
  error?: { code: string; charged: false | 'unknown' };
}

/** The same checkout as `body`, its email changed in the page. */
const changed = (body: ReturnType<typeof order>) => ({ ...body, email: 'sam.roe@example.com' });

/** As if the order's (first) attempt had begun a minute ago: its request is long over. */
const startedMinuteAgo = (checkoutId: string) =>
  env.DB.prepare(
    `UPDATE orders SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 minutes')
     WHERE checkout_id = ?`,
  )
    .bind(checkoutId)
    .run();

/** A link to the payment's status only: no receipt token (the changed request did not pay). */
const statusOnly = (piId: string) =>
  expect.stringMatching(`^/thank-you\\?payment_intent=${piId}(?!.*receipt_token)`);

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
    expect(await early.json<Answer>()).toMatchObject({
      error: { code: 'checkout_in_progress', charged: 'unknown' },
    });
    await releaseHeld();
    expect((await first).status).toBe(200);
    const again = await charge(changed(body));
    expect(again.status).toBe(200);
    const intents = await paymentIntents();
    expect(intents.map((pi) => pi.status)).toEqual(['succeeded']);
    expect(await again.json<Answer>()).toMatchObject({
      status: 'succeeded',
      redirect: statusOnly(intents[0]!.id),
    });
    expect(await orderOf(body.checkout_id!)).toMatchObject({
      status: 'paid',
      email: body.email,
    });
  });
});

describe('a changed request once the first request is over', () => {
  it('answers charged (status only) from the PaymentIntent a lost create made', async () => {
    await webhookDeliveries(false);
    const body = order({ payment_method: 'pm_card_visa' });
    // The create charges at Stripe; every answer is lost on the way back.
    await fault({ mode: 'drop', count: 5 });
    expect((await charge(body)).status).toBe(502);
    await fault(null);
    expect(await orderOf(body.checkout_id!)).toMatchObject({
      status: 'pending',
      payment_intent_id: null,
    });
    await startedMinuteAgo(body.checkout_id!);
    const response = await charge(changed(body));
    expect(response.status).toBe(200);
    const intents = await paymentIntents();
    expect(intents.map((pi) => pi.status)).toEqual(['succeeded']);
    expect(await response.json<Answer>()).toMatchObject({
      status: 'succeeded',
      redirect: statusOnly(intents[0]!.id),
    });
    expect(await orderOf(body.checkout_id!)).toMatchObject({
      status: 'paid',
      payment_intent_id: intents[0]!.id,
    });
  });

  it('answers "checkout changed, not charged" when Stripe has no payment for it', async () => {
    const body = order({ payment_method: 'pm_card_visa' });
    // Every call refused before Stripe acted on it: the order stays pending without a payment.
    await fault({ mode: 'error', status: 500, count: 20 });
    expect((await charge(body)).status).toBe(502);
    await fault(null);
    expect(await orderOf(body.checkout_id!)).toMatchObject({
      status: 'pending',
      payment_intent_id: null,
    });
    await startedMinuteAgo(body.checkout_id!);
    const lists = async () =>
      (await simRequests()).filter((r) => r.method === 'GET' && r.path === '/v1/payment_intents');
    expect(await lists()).toEqual([]);
    const response = await charge(changed(body));
    // Stripe was asked before "not charged": its list has no payment of this checkout.
    expect((await lists()).map((r) => r.status)).toEqual([200]);
    expect(response.status).toBe(409);
    expect(await response.json<Answer>()).toMatchObject({
      error: { code: 'checkout_changed', charged: false },
    });
    expect(await paymentIntents()).toEqual([]);
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'pending' });
  });
});
