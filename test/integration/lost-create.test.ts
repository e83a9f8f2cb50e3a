/**
 * A checkout whose PaymentIntent create reached Stripe (and charged) while its answer was lost:
 * the order stays pending without a PaymentIntent until a webhook or the sweep links it. Until
 * then, no answer may say "not charged" without asking Stripe, and nothing may start a second
 * payment for it (a new attempt's key, or a Checkout Session after a switch to hosted mode).
 * Through the Worker's fetch handler; webhook deliveries are paused, as when they are late.
 */
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  charge,
  confirmationToken,
  fault,
  heldKeys,
  order,
  orderOf,
  paymentIntents,
  releaseHeld,
  resetAll,
  sim,
  simRequests,
  stripe,
  webhookDeliveries,
} from '../support/checkout';
import { promotionCode, quote, THREE_PRODUCTS } from '../support/cart';
import { crowdPaymentIntents } from '../support/sweep';
import { deliver } from '../support/webhook';

beforeEach(resetAll);

interface Answer {
  status?: string;
  redirect?: string;
  error?: { code: string; charged: false | 'unknown' };
}

/** A checkout of THREE_PRODUCTS by card (`extra`: more fields). */
function threeProducts(extra: Record<string, unknown> = {}) {
  const { product: _, quantity: __, ...rest } = order({ payment_method: 'pm_card_visa' });
  return { ...rest, checkout_id: crypto.randomUUID(), items: THREE_PRODUCTS, ...extra };
}

/** A checkout (`extra`: its code) whose create charged at Stripe, every answer lost. */
async function lostCreate(extra: Record<string, unknown> = {}) {
  const body = threeProducts(extra);
  await webhookDeliveries(false);
  await fault({ mode: 'drop', count: 5 });
  expect((await charge(body)).status).toBe(502);
  await fault(null);
  expect((await paymentIntents()).map((pi) => pi.status)).toEqual(['succeeded']);
  expect(await orderOf(body.checkout_id)).toMatchObject({
    status: 'pending',
    payment_intent_id: null,
  });
  return body;
}

/** As if the order had been left UNLINKED_HOLD_MINUTES: it holds its code's redemption no more. */
const leftTooLong = (checkoutId: string) =>
  env.DB.prepare(
    `UPDATE orders SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-31 minutes')
     WHERE checkout_id = ?`,
  )
    .bind(checkoutId)
    .run();

/** A lost create with a code of one use, left too long, whose use another checkout then took. */
async function codeTakenMeanwhile() {
  const code = await promotionCode({ percent_off: 20 }, { max_redemptions: 1 });
  await quote({ items: THREE_PRODUCTS, promotion_code: code.code }); // the code, cached
  const lost = await lostCreate({ promotion_code: code.code });
  await leftTooLong(lost.checkout_id);
  const { product: _, quantity: __, ...other } = order();
  const taken = await charge({ ...other, items: THREE_PRODUCTS, promotion_code: code.code });
  expect(taken.status).toBe(200);
  return lost;
}

describe('a resend of a checkout whose create was lost', () => {
  it('answers from the PaymentIntent Stripe made, not "code used up, not charged"', async () => {
    const lost = await codeTakenMeanwhile();
    const resend = await charge(lost);
    expect(resend.status).toBe(200);
    const mine = (await paymentIntents()).filter(
      (pi) => pi.metadata.checkout_id === lost.checkout_id,
    );
    expect(mine.map((pi) => [pi.status, pi.amount])).toEqual([['succeeded', 2320]]);
    expect(await resend.json()).toMatchObject({
      status: 'succeeded',
      redirect: expect.stringMatching(`^/thank-you\\?payment_intent=${mine[0]!.id}&receipt_token=`),
    });
    expect(await orderOf(lost.checkout_id)).toMatchObject({
      status: 'paid',
      payment_intent_id: mine[0]!.id,
    });
  });

  it('finds it when its attempt began more than an hour after the order opened', async () => {
    const lost = await codeTakenMeanwhile();
    // As if the order had opened two hours before this attempt (a failed one reopened).
    await env.DB.prepare(
      `UPDATE orders SET attempt_started_at = created_at,
         created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 hours')
       WHERE checkout_id = ?`,
    )
      .bind(lost.checkout_id)
      .run();
    const resend = await charge(lost);
    expect(resend.status).toBe(200);
    expect(await resend.json()).toMatchObject({ status: 'succeeded' });
    expect(await orderOf(lost.checkout_id)).toMatchObject({ status: 'paid' });
  });

  it('answers "unknown" when more PaymentIntents were made meanwhile than it reads', async () => {
    const lost = await codeTakenMeanwhile();
    // 200 newer PaymentIntents of other checkouts: the lost one is on the third page.
    await crowdPaymentIntents();
    const resend = await charge(lost);
    expect(resend.status).toBe(502);
    expect(await resend.json<Answer>()).toMatchObject({
      error: { code: 'payment_unconfirmed', charged: 'unknown' },
    });
    expect(await orderOf(lost.checkout_id)).toMatchObject({ status: 'pending' });
  });

  it('answers "unknown" when Stripe cannot be asked', async () => {
    const lost = await codeTakenMeanwhile();
    await fault({ mode: 'error', status: 500, count: 20 });
    const resend = await charge(lost);
    await fault(null);
    expect(resend.status).toBe(502);
    expect(await resend.json<Answer>()).toMatchObject({
      error: { code: 'payment_unconfirmed', charged: 'unknown' },
    });
  });

  it('keeps the attempt when Stripe answers 429 to every call: "unknown", never a second payment', async () => {
    const lost = await lostCreate();
    await fault({ mode: 'error', status: 429, count: 3 });
    const limited = await charge(lost);
    await fault(null);
    expect(await limited.json<Answer>()).toMatchObject({ error: { charged: 'unknown' } });
    expect(await orderOf(lost.checkout_id)).toMatchObject({ status: 'pending', attempt: 1 });
    // The next resend replays the first create under its key.
    expect((await charge(lost)).status).toBe(200);
    expect((await paymentIntents()).map((pi) => pi.status)).toEqual(['succeeded']);
  });
});

describe("a resend after a retry's confirm was lost", () => {
  it('answers "unknown" when Stripe answers 429 to every call, and keeps the attempt\'s key', async () => {
    const body = order({
      confirmation_token: await confirmationToken('pm_card_visa_chargeDeclined'),
    });
    expect((await charge(body)).status).toBe(402);
    // The next attempt confirms the declined PaymentIntent with a good card: charged, the
    // answers lost.
    await webhookDeliveries(false);
    const retry = { ...body, confirmation_token: await confirmationToken('pm_card_visa') };
    await fault({ mode: 'drop', count: 5 });
    expect((await charge(retry)).status).toBe(502);
    await fault(null);
    expect((await paymentIntents()).map((pi) => pi.status)).toEqual(['succeeded']);
    // Its resend, rate-limited: only the lost confirm's own key can tell, never "not charged".
    await fault({ mode: 'error', status: 429, count: 3 });
    const limited = await charge(retry);
    await fault(null);
    expect(await limited.json<Answer>()).toMatchObject({ error: { charged: 'unknown' } });
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'pending', attempt: 2 });
    // The next resend replays the confirm under its key: the payment made.
    const replayed = await charge(retry);
    expect(replayed.status).toBe(200);
    expect(await replayed.json()).toMatchObject({ status: 'succeeded' });
    expect((await paymentIntents()).map((pi) => pi.status)).toEqual(['succeeded']);
  });
});

describe('a switch to CHECKOUT_UI=hosted while a create is in doubt', () => {
  const sessionsMade = async () =>
    (await simRequests()).filter((r) => r.path === '/v1/checkout/sessions');
  const hosted = (body: Record<string, unknown>) => {
    const { payment_method: _, ...rest } = body;
    return charge(rest, {}, { CHECKOUT_UI: 'hosted' });
  };

  it('answers from the PaymentIntent Stripe made, and opens no Checkout Session', async () => {
    const lost = await lostCreate();
    const response = await hosted(lost);
    expect(response.status).toBe(200);
    const [pi] = await paymentIntents();
    expect(await response.json()).toMatchObject({ status: 'succeeded' });
    expect(await orderOf(lost.checkout_id)).toMatchObject({
      status: 'paid',
      payment_intent_id: pi!.id,
    });
    expect(await sessionsMade()).toEqual([]);
  });

  it('answers "unknown" and opens no Checkout Session when Stripe cannot be asked', async () => {
    const lost = await lostCreate();
    await fault({ mode: 'error', status: 500, count: 20 });
    const response = await hosted(lost);
    await fault(null);
    expect(response.status).toBe(502);
    expect(await response.json<Answer>()).toMatchObject({
      error: { code: 'payment_unconfirmed', charged: 'unknown' },
    });
    expect(await orderOf(lost.checkout_id)).toMatchObject({ status: 'pending' });
    expect(await sessionsMade()).toEqual([]);
  });

  it('answers "in progress" and opens no Checkout Session while Stripe may be making the create', async () => {
    await webhookDeliveries(false);
    const body = threeProducts();
    // Stripe holds the page's create: its list does not show it until it is made.
    await fault({ mode: 'delay', delay_ms: 60_000, count: 1 });
    const first = { request: charge(body) };
    await expect.poll(heldKeys).toEqual([`${body.checkout_id}/1`]);
    const response = await hosted(body);
    expect(response.status).toBe(409);
    expect(await response.json<Answer>()).toMatchObject({
      error: { code: 'checkout_in_progress', charged: 'unknown' },
    });
    expect(await sessionsMade()).toEqual([]);
    await releaseHeld();
    await first.request;
    expect((await paymentIntents()).map((pi) => pi.status)).toEqual(['succeeded']);
  });

  it('asks Stripe before "checkout changed" when the cart changed after a lost create', async () => {
    const lost = await lostCreate();
    // The page reloaded with one more handbook under the same checkout id, then Checkout.
    const items = THREE_PRODUCTS.map((item) =>
      item.product === 'handbook' ? { ...item, quantity: 2 } : item,
    );
    const response = await hosted({ ...lost, items });
    // Before: 409 "changed, not charged", and the page's next checkout paid a second time.
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'succeeded' });
    const [pi] = await paymentIntents();
    expect(await orderOf(lost.checkout_id)).toMatchObject({
      status: 'paid',
      payment_intent_id: pi!.id,
    });
    expect(await sessionsMade()).toEqual([]);
  });

  it('answers "in progress" while a retry’s confirm on our own page is on its way', async () => {
    await webhookDeliveries(false);
    const body = threeProducts({ payment_method: 'pm_card_visa_chargeDeclined' });
    expect((await charge(body)).status).toBe(402);
    // The customer tries another card; Stripe holds its confirm.
    await fault({ mode: 'delay', delay_ms: 60_000, count: 1 });
    const retry = { request: charge({ ...body, payment_method: 'pm_card_visa' }) };
    await expect.poll(async () => (await heldKeys()).length).toBe(1);
    const response = await hosted(body);
    // Before: 409 "changed, not charged" while the confirm was charging the card.
    expect(response.status).toBe(409);
    expect(await response.json<Answer>()).toMatchObject({
      error: { code: 'checkout_in_progress', charged: 'unknown' },
    });
    expect(await sessionsMade()).toEqual([]);
    await releaseHeld();
    expect((await retry.request).status).toBe(200);
    expect((await paymentIntents()).map((pi) => pi.status)).toEqual(['succeeded']);
  });

  describe('an order waiting for 3-D Secure on our own page', () => {
    /** A checkout whose PaymentIntent awaits authentication (webhooks paused): body and id. */
    async function awaitingAuthentication() {
      await webhookDeliveries(false);
      const body = threeProducts({ payment_method: 'pm_card_authenticationRequired' });
      const response = await charge(body);
      expect(response.status, await response.clone().text()).toBe(200);
      const [pi] = await paymentIntents();
      expect(pi).toMatchObject({ status: 'requires_action' });
      expect(await orderOf(body.checkout_id)).toMatchObject({ status: 'requires_action' });
      return { body, id: pi!.id };
    }

    it('answers the payment the customer authenticated meanwhile, and opens no Session', async () => {
      const { body, id } = await awaitingAuthentication();
      const auth = await sim(`/_sim/3ds/${id}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'outcome=complete',
        redirect: 'manual',
      });
      expect(auth.status).toBe(303);
      const response = await hosted(body);
      // Before: 409 "changed, not charged" for a checkout Stripe had charged.
      expect(response.status, await response.clone().text()).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'succeeded' });
      expect(await orderOf(body.checkout_id)).toMatchObject({
        status: 'paid',
        payment_intent_id: id,
      });
      expect(await sessionsMade()).toEqual([]);
    });

    it('cancels it while it may still be authenticated, then "checkout changed"; no Session', async () => {
      const { body, id } = await awaitingAuthentication();
      const response = await hosted(body);
      // Before: "in progress" for an hour, until the sweep canceled it. Now canceled first, so
      // that the page's new checkout, and its Session, is the only payment that can charge.
      expect(response.status).toBe(409);
      expect(await response.json<Answer>()).toMatchObject({
        error: { code: 'checkout_changed', charged: false },
      });
      expect(await paymentIntents()).toMatchObject([
        { id, status: 'canceled', cancellation_reason: 'abandoned' },
      ]);
      expect(await orderOf(body.checkout_id)).toMatchObject({ status: 'canceled' });
      expect(await sessionsMade()).toEqual([]);
    });
  });

  it('answers "checkout changed, not charged" when Stripe has no payment for it', async () => {
    const body = threeProducts();
    // Every call refused before Stripe acted on it: the order stays pending without a payment.
    await fault({ mode: 'error', status: 500, count: 20 });
    expect((await charge(body)).status).toBe(502);
    await fault(null);
    expect(await orderOf(body.checkout_id)).toMatchObject({
      status: 'pending',
      payment_intent_id: null,
    });
    // Two minutes on: Stripe is done with every call of the attempt (its list would show one).
    await env.DB.prepare(
      `UPDATE orders SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 minutes')
       WHERE checkout_id = ?`,
    )
      .bind(body.checkout_id)
      .run();
    const response = await hosted(body);
    expect(response.status).toBe(409);
    expect(await response.json<Answer>()).toMatchObject({
      error: { code: 'checkout_changed', charged: false },
    });
    expect(await paymentIntents()).toEqual([]);
    expect(await sessionsMade()).toEqual([]);
  });
});

describe('the payment event of a checkout whose create was lost', () => {
  it('counts a refund made before it came (its events found no order then)', async () => {
    const lost = await lostCreate();
    const [pi] = await paymentIntents();
    // The customer says they were charged after an error; the merchant refunds in the Dashboard.
    await stripe.refunds.create({ payment_intent: pi!.id });
    const events = async (type: string) => (await stripe.events.list({ type })).data;
    for (const type of ['refund.created', 'charge.refunded'])
      for (const event of await events(type)) expect((await deliver(event)).status).toBe(200);
    // Its payment's event only now (a delivery that failed once): it finds the order by its
    // checkout id, and Stripe says what became of the payment since.
    const [succeeded] = await events('payment_intent.succeeded');
    expect((await deliver(succeeded!)).status).toBe(200);
    expect(await orderOf(lost.checkout_id)).toMatchObject({
      status: 'refunded',
      payment_intent_id: pi!.id,
      amount_refunded: pi!.amount,
      fulfilment_claimed_at: null,
      fulfilled_at: null,
    });
  });
});
