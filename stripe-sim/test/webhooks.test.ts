import Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import { control, receiver, resetAll, stripeClient, stripeError, WEBHOOK_SECRET } from './helpers';
import type { Delivery, DeliveryCounts } from '../src/webhooks';

const stripe = stripeClient();
beforeEach(resetAll);

/** Delivers everything pending now and returns the counts. */
const flush = () => control<DeliveryCounts>('/webhooks/flush', { method: 'POST' });

describe('events', () => {
  it('records each state change, listed newest first at GET /v1/events', async () => {
    const pi = await stripe.paymentIntents.create(
      { amount: 1200, currency: 'usd', payment_method: 'pm_card_visa', confirm: true },
      { idempotencyKey: 'evt-1' },
    );
    const events = await stripe.events.list();
    expect(events.data.map((event) => event.type)).toEqual([
      'payment_intent.succeeded',
      'charge.succeeded',
      'payment_intent.created',
    ]);
    const succeeded = events.data[0] as Stripe.PaymentIntentSucceededEvent;
    expect(succeeded.id).toMatch(/^evt_/);
    expect(succeeded.data.object).toMatchObject({ id: pi.id, status: 'succeeded' });
    expect(succeeded.request).toEqual({ id: pi.lastResponse.requestId, idempotency_key: 'evt-1' });
    expect(succeeded.livemode).toBe(false);
    expect(
      (await stripe.events.list({ type: 'charge.*' })).data.map((event) => event.type),
    ).toEqual(['charge.succeeded']);
    // pending_webhooks falls to 0 once the delivery (after the response) is accepted.
    expect(await stripe.events.retrieve(succeeded.id)).toEqual({
      ...succeeded,
      pending_webhooks: expect.any(Number),
    });
  });

  it('count the deliveries not yet accepted in pending_webhooks, and filter by delivery_success', async () => {
    await control('/webhooks', { json: { enabled: false } });
    const endpoint = await stripe.webhookEndpoints.create({
      url: 'http://webhooks.test/other',
      enabled_events: ['customer.created'],
    });
    await stripe.customers.create({ email: 'first@example.com' });
    await stripe.webhookEndpoints.del(endpoint.id);
    await stripe.customers.create({ email: 'second@example.com' });
    const undelivered = await stripe.events.list({ delivery_success: false });
    expect(undelivered.data.map((event) => event.pending_webhooks)).toEqual([1, 2]);
    expect((await stripe.events.list({ delivery_success: true })).data).toEqual([]);
    await control('/webhooks', { json: { enabled: true } });
    // The first event's delivery to the deleted endpoint fails for good; the rest are accepted.
    expect(await flush()).toEqual({ delivered: 2, failed: 1, pending: 0 });
    const [second, first] = undelivered.data.map((event) => event.id);
    const ids = async (params: Stripe.EventListParams) =>
      (await stripe.events.list(params)).data.map((event) => [event.id, event.pending_webhooks]);
    expect(await ids({ delivery_success: true })).toEqual([[second, 0]]);
    expect(await ids({ delivery_success: false })).toEqual([[first, 1]]);
  });

  it('covers declines, 3-D Secure, cancellation and refunds', async () => {
    const declined = await stripeError(() =>
      stripe.paymentIntents.create({
        amount: 1200,
        currency: 'usd',
        payment_method: 'pm_card_visa_chargeDeclined',
        confirm: true,
      }),
    );
    expect(declined.code).toBe('card_declined');
    await stripe.paymentIntents.create({
      amount: 1200,
      currency: 'usd',
      payment_method: 'pm_card_authenticationRequired',
      confirm: true,
    });
    const canceled = await stripe.paymentIntents.create({ amount: 1200, currency: 'usd' });
    await stripe.paymentIntents.cancel(canceled.id);
    const paid = await stripe.paymentIntents.create({
      amount: 1200,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    await stripe.refunds.create({ payment_intent: paid.id });
    const types = new Set(
      (await stripe.events.list({ limit: 100 })).data.map((event) => event.type),
    );
    for (const type of [
      'payment_intent.payment_failed',
      'charge.failed',
      'payment_intent.requires_action',
      'payment_intent.canceled',
      'charge.refunded',
    ]) {
      expect(types).toContain(type);
    }
  });
});

describe('webhook delivery', () => {
  it('posts each event, signed so that stripe-node verifies it', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 1200,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    expect(await flush()).toEqual({ delivered: 3, failed: 0, pending: 0 });
    const deliveries = await receiver.deliveries();
    expect(deliveries.map((delivery) => delivery.url)).toEqual(
      Array(3).fill('http://webhooks.test/webhook'),
    );
    const verified: Stripe.Event[] = [];
    for (const delivery of deliveries) {
      expect(delivery.contentType).toBe('application/json; charset=utf-8');
      verified.push(
        await stripe.webhooks.constructEventAsync(
          delivery.body,
          delivery.signature as string,
          WEBHOOK_SECRET,
        ),
      );
    }
    expect(verified.map((event) => event.type)).toEqual([
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.succeeded',
    ]);
    expect(verified[2]?.data.object).toMatchObject({ id: pi.id, status: 'succeeded' });
  });

  it('is refused by stripe-node with another secret or a tampered body', async () => {
    await stripe.paymentIntents.create({ amount: 1200, currency: 'usd' });
    await flush();
    const [delivery] = await receiver.deliveries();
    if (!delivery?.signature) throw new Error('no delivery');
    await expect(
      stripe.webhooks.constructEventAsync(delivery.body, delivery.signature, 'whsec_other'),
    ).rejects.toThrow(Stripe.errors.StripeSignatureVerificationError);
    await expect(
      stripe.webhooks.constructEventAsync(
        delivery.body.replace('1200', '1'),
        delivery.signature,
        WEBHOOK_SECRET,
      ),
    ).rejects.toThrow(Stripe.errors.StripeSignatureVerificationError);
  });

  it('retries with exponential back-off while the endpoint answers 500', async () => {
    await receiver.failNext(2);
    await stripe.paymentIntents.create({ amount: 1200, currency: 'usd' });
    // The alarm retries on its own after 10 ms, then 20 ms (WEBHOOK_RETRY_BASE_MS=10 in tests).
    await expect
      .poll(async () => (await control<Delivery[]>('/webhooks'))[0]?.status, { timeout: 5_000 })
      .toBe('delivered');
    const [delivery] = await control<Delivery[]>('/webhooks');
    expect(delivery?.attempts.map((attempt) => attempt.status)).toEqual([500, 500, 200]);
    const received = await receiver.deliveries();
    expect(received.map((r) => r.status)).toEqual([500, 500, 200]);
    const gaps = received
      .slice(1)
      .map((r, i) => r.receivedAt - (received[i] as { receivedAt: number }).receivedAt);
    expect(gaps[0]).toBeGreaterThanOrEqual(10);
    expect(gaps[1]).toBeGreaterThanOrEqual(20);
  });

  it('gives up after a bounded number of attempts', async () => {
    await receiver.failNext(100);
    await stripe.paymentIntents.create({ amount: 1200, currency: 'usd' });
    // Each flush is one more attempt, until the delivery is given up.
    await expect.poll(flush).toEqual({ delivered: 0, failed: 1, pending: 0 });
    const [delivery] = await control<Delivery[]>('/webhooks');
    expect(delivery?.attempts).toHaveLength(6);
    expect(delivery?.last_status).toBe(500);
  });
});

describe('pausing deliveries (POST /_sim/webhooks)', () => {
  const setEnabled = (enabled: boolean) =>
    control<DeliveryCounts & { enabled: boolean }>('/webhooks', { json: { enabled } });

  it('queues events while paused and delivers them in order on resume', async () => {
    expect(await setEnabled(false)).toMatchObject({ enabled: false, pending: 0 });
    const pi = await stripe.paymentIntents.create({
      amount: 1200,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    await stripe.refunds.create({ payment_intent: pi.id });
    // A flush while paused attempts nothing.
    expect(await flush()).toEqual({ delivered: 0, failed: 0, pending: 5 });
    expect(await receiver.deliveries()).toEqual([]);

    expect(await setEnabled(true)).toMatchObject({ enabled: true });
    // The resume sets the alarm: deliveries go out without a flush.
    await expect
      .poll(async () => (await control<Delivery[]>('/webhooks')).map((d) => d.status))
      .toEqual(Array(5).fill('delivered'));
    const types = (await receiver.deliveries()).map(
      (delivery) => (JSON.parse(delivery.body) as Stripe.Event).type,
    );
    expect(types).toEqual([
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.succeeded',
      'refund.created',
      'charge.refunded',
    ]);
  });

  it('is undone by a reset, and refuses a body without a boolean', async () => {
    await setEnabled(false);
    await control('/reset', { method: 'POST' });
    await stripe.paymentIntents.create({ amount: 1200, currency: 'usd' });
    expect(await flush()).toEqual({ delivered: 1, failed: 0, pending: 0 });
    await expect(control('/webhooks', { json: { enabled: 'no' } })).rejects.toThrow(/400/);
  });
});
