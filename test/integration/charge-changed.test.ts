/**
 * A changed request (another email here) with the checkout id of an order an earlier request
 * left pending (without a PaymentIntent, or with one a retry confirmed) or at 3-D Secure
 * (requires_action: approved at the bank, its return lost): the page sends it when
 * the first answer was lost, or has not come yet. That earlier create or confirm may have charged,
 * so the answer is never "not charged" until Stripe proves it: the page would start a new checkout
 * and charge again. One still at the bank is canceled first, so that the new checkout is the only
 * payment left; Stripe refusing (approved meanwhile) answers that payment.
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
  sim,
  simRequests,
  webhookDeliveries,
} from '../support/checkout';

beforeEach(resetAll);

/** The same checkout as `body`, its email changed in the page. */
const changed = (body: ReturnType<typeof order>) => ({ ...body, email: 'sam.roe@example.com' });

/**
 * A checkout whose only request ended without Stripe's answer (`spec`: how), its order left
 * pending without a PaymentIntent; as if its attempt had begun two minutes ago (the request is
 * over, and Stripe done with its calls).
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
  await begunAgo(body.checkout_id!, 'created_at', 2);
  return body;
}

/**
 * Moves a checkout's attempt start (its order's opening, or a retry's start) `minutes` back: one,
 * the Worker's calls are over but Stripe may still be at work on the last (STRIPE_MAY_PROCESS_MS);
 * two, Stripe is done with them too.
 */
async function begunAgo(
  checkoutId: string,
  column: 'created_at' | 'attempt_started_at',
  minutes: 1 | 2,
) {
  await env.DB.prepare(
    `UPDATE orders SET ${column} = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?)
     WHERE checkout_id = ?`,
  )
    .bind(`-${minutes} minutes`, checkoutId)
    .run();
}

/**
 * A checkout declined once, then retried with `card`: the retry's confirm reaches Stripe and
 * every answer is lost on the way back, its order left pending with its PaymentIntent.
 */
async function retriedPending(card: string) {
  const declined = order({ payment_method: 'pm_card_visa_chargeDeclined' });
  expect((await charge(declined)).status).toBe(402);
  const retry = { ...declined, payment_method: card };
  await fault({ mode: 'drop', count: 5 });
  expect((await charge(retry)).status).toBe(502);
  await fault(null);
  expect(await orderOf(retry.checkout_id!)).toMatchObject({
    status: 'pending',
    payment_intent_id: expect.any(String),
  });
  return retry;
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

/**
 * The changed request of `body` answers "checkout changed, not charged" only after Stripe was
 * asked: one GET of the simulator's `path` answered, none before.
 */
async function expectChangedAfterAsking(
  body: ReturnType<typeof order>,
  asked: (path: string) => boolean,
) {
  const reads = async () =>
    (await simRequests()).filter((r) => r.method === 'GET' && asked(r.path));
  expect(await reads()).toEqual([]);
  const response = await charge(changed(body));
  expect((await reads()).map((r) => r.status)).toEqual([200]);
  expect(response.status).toBe(409);
  expect(await response.json()).toMatchObject({
    error: { code: 'checkout_changed', charged: false },
  });
}

/**
 * Sends `body`, whose call (its attempt's, `attempt`) Stripe holds until releaseHeld: its request
 * (in an object, so that awaiting this does not await it).
 */
async function heldAtStripe(body: ReturnType<typeof order>, attempt: number) {
  await fault({ mode: 'delay', delay_ms: 60_000, count: 1 });
  const request = charge(body);
  await expect.poll(heldKeys).toEqual([`${body.checkout_id}/${attempt}`]);
  return { request };
}

/** The changed request of `body` answers "in progress", charged unknown. */
async function expectInProgress(body: ReturnType<typeof order>) {
  const response = await charge(changed(body));
  expect(response.status).toBe(409);
  expect(await response.json()).toMatchObject({
    error: { code: 'checkout_in_progress', charged: 'unknown' },
  });
}

describe('a changed request while the first create may still be on its way', () => {
  it('answers "in progress, unknown", then the payment\'s status once it paid; one payment', async () => {
    await webhookDeliveries(false);
    const body = order({ payment_method: 'pm_card_visa' });
    // Stripe holds the first request's create until the test lets it go.
    const first = await heldAtStripe(body, 1);
    await expectInProgress(body);
    await releaseHeld();
    expect((await first.request).status).toBe(200);
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
    // Its list has no payment of this checkout.
    await expectChangedAfterAsking(body, (path) => path === '/v1/payment_intents');
    expect(await paymentIntents()).toEqual([]);
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'pending' });
  });
});

describe('a changed request while Stripe may still be making the first create', () => {
  it('answers "in progress, unknown" though Stripe\'s list has no payment yet; one payment', async () => {
    await webhookDeliveries(false);
    const body = order({ payment_method: 'pm_card_visa' });
    // Stripe holds the first request's create: its list does not show it until it is made.
    const first = await heldAtStripe(body, 1);
    // As if CREATE_MAY_RUN_MS were over: the Worker's calls are, Stripe's work may not be.
    await begunAgo(body.checkout_id!, 'created_at', 1);
    await expectInProgress(body);
    expect((await simRequests()).map((r) => `${r.method} ${r.path}`)).toContain(
      'GET /v1/payment_intents',
    );
    await releaseHeld();
    await first.request;
    await expectPaidOnce(await charge(changed(body)), body.checkout_id!);
  });
});

describe('a changed request after a retry whose confirm answer was lost', () => {
  it('answers "in progress", then charged (status only) from the PaymentIntent read', async () => {
    await webhookDeliveries(false);
    const retry = await retriedPending('pm_card_visa');
    // Its confirm may still be on its way: in progress, charged unknown.
    await expectInProgress(retry);
    // The retry's request is over.
    await begunAgo(retry.checkout_id!, 'attempt_started_at', 1);
    // Stripe does not answer the read: charged unknown, never "not charged".
    await fault({ mode: 'error', status: 500, count: 20 });
    const silent = await charge(changed(retry));
    await fault(null);
    expect(silent.status).toBe(502);
    expect(await silent.json()).toMatchObject({
      error: { code: 'payment_unconfirmed', charged: 'unknown' },
    });
    expect(await orderOf(retry.checkout_id!)).toMatchObject({ status: 'pending' });
    await expectPaidOnce(await charge(changed(retry)), retry.checkout_id!);
  });

  it('answers "in progress" while Stripe may still be running its confirm; one payment', async () => {
    await webhookDeliveries(false);
    const declined = order({ payment_method: 'pm_card_visa_chargeDeclined' });
    expect((await charge(declined)).status).toBe(402);
    const retry = { ...declined, payment_method: 'pm_card_visa' };
    // Stripe holds the retry's confirm: its PaymentIntent still reads the first decline.
    const retrying = await heldAtStripe(retry, 2);
    // As if CREATE_MAY_RUN_MS were over: the Worker's calls are, Stripe's work may not be.
    await begunAgo(retry.checkout_id!, 'attempt_started_at', 1);
    await expectInProgress(retry);
    await releaseHeld();
    await retrying.request;
    await expectPaidOnce(await charge(changed(retry)), retry.checkout_id!);
  });

  it('answers "checkout changed, not charged" when the retry was declined too', async () => {
    await webhookDeliveries(false);
    const retry = await retriedPending('pm_card_visa_chargeDeclined');
    await begunAgo(retry.checkout_id!, 'attempt_started_at', 2);
    // Its PaymentIntent reads the retry's decline.
    await expectChangedAfterAsking(retry, (path) => path.startsWith('/v1/payment_intents/'));
    expect((await paymentIntents()).map((pi) => pi.status)).toEqual(['requires_payment_method']);
  });
});

/** The customer answers the bank's 3-D Secure challenge of PaymentIntent `id`. */
async function atTheBank(id: string, outcome: 'complete' | 'fail') {
  await sim(`/_sim/3ds/${id}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `outcome=${outcome}`,
    redirect: 'manual',
  });
}

describe('a changed request on a checkout left at 3-D Secure', () => {
  /**
   * A checkout whose card asks for 3-D Secure, its order left requires_action (the browser never
   * followed Stripe's return, webhooks late); its attempt begun `minutesAgo` (two: the request
   * over, Stripe done with its calls). `outcome`: what the customer did at the bank since, if
   * anything.
   */
  async function leftAtTheBank(outcome?: 'complete' | 'fail', minutesAgo: 0 | 2 = 2) {
    await webhookDeliveries(false);
    const body = order({ payment_method: 'pm_card_authenticationRequired' });
    const first = await charge(body);
    expect(await first.json()).toMatchObject({ status: 'requires_action' });
    const [pi] = await paymentIntents();
    if (outcome) await atTheBank(pi!.id, outcome);
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'requires_action' });
    if (minutesAgo) await begunAgo(body.checkout_id!, 'created_at', minutesAgo);
    return body;
  }

  it('answers charged (status only) once the customer approved at the bank; one payment', async () => {
    const body = await leftAtTheBank('complete');
    await expectPaidOnce(await charge(changed(body)), body.checkout_id!);
  });

  it('cancels the payment left at the bank, answers "checkout changed"; the new one pays once', async () => {
    const body = await leftAtTheBank();
    const { id: orderId } = (await orderOf(body.checkout_id!))!;
    await expectChangedAfterAsking(body, (path) => path.startsWith('/v1/payment_intents/'));
    // Canceled at Stripe as the sweep cancels it (the same key: one cancel between them), so
    // the bank's page, still open in another tab, can charge nothing more.
    const [left] = await paymentIntents();
    expect(left).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    const cancels = (await simRequests()).filter((r) => r.path.endsWith('/cancel'));
    expect(cancels).toMatchObject([
      { method: 'POST', idempotency_key: `${orderId}/cancel/1`, status: 200 },
    ]);
    expect(await orderOf(body.checkout_id!)).toMatchObject({
      status: 'canceled',
      payment_intent_id: left!.id,
    });
    const history = await env.DB.prepare(
      `SELECT to_status, source, note FROM order_history WHERE order_id = ? ORDER BY id DESC LIMIT 1`,
    )
      .bind(orderId)
      .first();
    expect(history).toEqual({
      to_status: 'canceled',
      source: 'request',
      note: 'abandoned at 3-D Secure: the order changed',
    });
    // The page starts a new checkout (as client/pay.ts does on checkout_changed): paid once.
    const again = {
      ...changed(body),
      checkout_id: crypto.randomUUID(),
      payment_method: 'pm_card_visa',
    };
    const paid = await charge(again);
    expect(paid.status).toBe(200);
    expect(await paid.json()).toMatchObject({ status: 'succeeded' });
    const intents = await paymentIntents();
    expect(intents.map((pi) => pi.status).sort()).toEqual(['canceled', 'succeeded']);
    expect(await orderOf(again.checkout_id)).toMatchObject({ status: 'paid' });
  });

  it('cancels it at once when the customer is back from the bank within seconds', async () => {
    // Its attempt's create answered (requires_action): no call of it can still make a payment.
    const body = await leftAtTheBank(undefined, 0);
    await expectChangedAfterAsking(body, (path) => path.startsWith('/v1/payment_intents/'));
    expect((await paymentIntents()).map((pi) => pi.status)).toEqual(['canceled']);
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'canceled' });
  });

  it('answers charged (status only) when the customer approved as the cancel was on its way', async () => {
    const body = await leftAtTheBank();
    const { id: orderId } = (await orderOf(body.checkout_id!))!;
    const [pi] = await paymentIntents();
    // Stripe holds the read, then the cancel; the customer approves at the bank meanwhile.
    await fault({ mode: 'delay', delay_ms: 60_000, count: 2 });
    const request = charge(changed(body));
    await expect.poll(heldKeys).toEqual([null]);
    await releaseHeld();
    await expect.poll(heldKeys).toEqual([`${orderId}/cancel/1`]);
    await atTheBank(pi!.id, 'complete');
    await releaseHeld();
    const response = await request;
    // Stripe refused the cancel (payment_intent_unexpected_state): the payment stands.
    const cancels = (await simRequests()).filter((r) => r.path.endsWith('/cancel'));
    expect(cancels.map((r) => r.status)).toEqual([400]);
    await expectPaidOnce(response, body.checkout_id!);
    expect((await paymentIntents())[0]).toMatchObject({ cancellation_reason: null });
  });

  it.each([
    // 5xx: the cancel may have run, its answer lost.
    [500, 502, 'payment_unconfirmed'],
    // 429 every time: refused before running, the customer may still be at the bank.
    [429, 409, 'checkout_in_progress'],
  ] as const)(
    'answers "unknown" when Stripe answers the cancel %i, and cancels at the next click',
    async (error, status, code) => {
      const body = await leftAtTheBank();
      // Stripe holds the read; its cancel then meets only errors.
      await fault({ mode: 'delay', delay_ms: 60_000, count: 1 });
      const request = charge(changed(body));
      await expect.poll(heldKeys).toEqual([null]);
      await fault({ mode: 'error', status: error, count: 20 });
      await releaseHeld();
      const silent = await request;
      await fault(null);
      expect(silent.status).toBe(status);
      expect(await silent.json()).toMatchObject({ error: { code, charged: 'unknown' } });
      // Nothing recorded: the order still waits at the bank, as its PaymentIntent does.
      expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'requires_action' });
      expect((await paymentIntents()).map((pi) => pi.status)).toEqual(['requires_action']);
      // The next click cancels it.
      const response = await charge(changed(body));
      expect(response.status).toBe(409);
      expect(await response.json()).toMatchObject({
        error: { code: 'checkout_changed', charged: false },
      });
      expect((await paymentIntents()).map((pi) => pi.status)).toEqual(['canceled']);
    },
  );

  it('answers "checkout changed, not charged" once the authentication failed', async () => {
    const body = await leftAtTheBank('fail');
    await expectChangedAfterAsking(body, (path) => path.startsWith('/v1/payment_intents/'));
    expect((await paymentIntents()).map((pi) => pi.status)).toEqual(['requires_payment_method']);
  });
});
