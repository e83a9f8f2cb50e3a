/**
 * POST /webhook and the ledger: Stripe's signed events keep every paid order, once.
 */
import { env } from 'cloudflare:workers';
import Stripe from 'stripe';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  charge,
  checkout,
  confirmationToken,
  expectLedgerMatchesStripe,
  fault,
  flushWebhooks,
  order,
  orderOf,
  resetAll,
  sim,
  simRequests,
  stripe,
  watchConsoleLog,
  webhookDeliveries,
} from '../support/checkout';
import { deliver } from '../support/webhook';
import { WEBHOOK_EVENTS } from '../../src/webhook/events.js';

beforeEach(resetAll);
const { fulfilments, lines } = watchConsoleLog();

function eventFor(
  type: string,
  object: object,
  id = `evt_test_${crypto.randomUUID().replaceAll('-', '')}`,
) {
  return {
    id,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  };
}

type Event = ReturnType<typeof eventFor>;

/** An event whose object has these fields changed. */
const withObject = (event: Event, fields: object) => ({
  ...event,
  data: { object: { ...event.data.object, ...fields } },
});

/** Stripe's charge.succeeded for a PaymentIntent, paid with a Visa ending in 3184. */
const chargeSucceeded = (pi: Stripe.PaymentIntent) =>
  eventFor('charge.succeeded', {
    id: `ch_test_${pi.id}`,
    object: 'charge',
    amount: pi.amount,
    amount_refunded: 0,
    currency: pi.currency,
    status: 'succeeded',
    captured: true,
    payment_intent: pi.id,
    metadata: pi.metadata,
    payment_method_details: { type: 'card', card: { brand: 'visa', last4: '3184' } },
  });

/** A checkout left waiting for 3-D Secure: its order and PaymentIntent. */
async function awaitingAuthentication() {
  const body = order({
    confirmation_token: await confirmationToken('pm_card_authenticationRequired'),
  });
  const answer = await (await charge(body)).json<{ client_secret: string }>();
  const id = answer.client_secret.split('_secret_')[0]!;
  return { body, id };
}

describe('real deliveries from the simulator', () => {
  it('records a paid checkout paid once, and fulfils it once', async () => {
    const body = order();
    await charge(body);
    const result = await flushWebhooks();
    expect(result.failed).toBe(0);
    const paid = await orderOf(body.checkout_id!);
    expect(paid).toMatchObject({ status: 'paid' });
    await expect.poll(() => fulfilments(paid!.id)).toBe(1);
    await expect.poll(async () => (await orderOf(body.checkout_id!))?.fulfilled_at).toBeTruthy();
    await expectLedgerMatchesStripe();
  });

  it('records paid, through the webhook alone, a 3-D Secure payment whose customer never comes back', async () => {
    const { body, id } = await awaitingAuthentication();
    await flushWebhooks();
    const auth = await sim(`/_sim/3ds/${id}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: 'outcome=complete',
    });
    expect(auth.ok).toBe(true);
    await flushWebhooks();
    const paid = await orderOf(body.checkout_id!);
    expect(paid).toMatchObject({ status: 'paid', payment_intent_id: id });
    await expect.poll(() => fulfilments(paid!.id)).toBe(1);
    // The card comes from the charge.succeeded event (delivered above), not from a Stripe call.
    expect(await orderOf(body.checkout_id!)).toMatchObject({
      card_brand: 'visa',
      card_last4: '3184',
    });
    await expectLedgerMatchesStripe();
  });

  describe('a payment whose response was lost after Stripe committed (drop fault)', () => {
    /**
     * Pays while every answer from Stripe is lost (the create's three attempts). Stripe charged all
     * the same; its webhooks wait, paused, until the test resumes them.
     */
    async function loseTheAnswer() {
      const body = order({ confirmation_token: await confirmationToken('pm_card_visa') });
      await fault({ mode: 'drop', count: 10 });
      await webhookDeliveries(false);
      const response = await charge(body);
      await fault(null);
      const [pi] = (await stripe.paymentIntents.list()).data;
      return { body, response, pi: pi! };
    }

    it('is answered "not confirmed, retrying is safe" while Stripe charged', async () => {
      const { body, response, pi } = await loseTheAnswer();
      expect(response.status).toBe(502);
      const { error } = await response.json<{
        error: { code: string; message: string; charged: string };
      }>();
      expect(error).toMatchObject({ code: 'payment_unconfirmed', charged: 'unknown' });
      expect(error.message).toContain('can never be charged twice');
      expect(pi).toMatchObject({
        status: 'succeeded',
        metadata: { checkout_id: body.checkout_id },
      });
    });

    it('is recorded paid from its webhook, and fulfilled once', async () => {
      const { body, pi } = await loseTheAnswer();
      // Until the create's own webhook arrives, the ledger does not know the payment.
      expect(await orderOf(body.checkout_id!)).toMatchObject({
        status: 'pending',
        payment_intent_id: null,
      });
      await webhookDeliveries(true);
      await flushWebhooks();
      const paid = await orderOf(body.checkout_id!);
      expect(paid).toMatchObject({ status: 'paid', payment_intent_id: pi.id });
      await expect.poll(() => fulfilments(paid!.id)).toBe(1);
      await expectLedgerMatchesStripe();
    });

    it("is not charged again by the page's resend", async () => {
      const { body, pi } = await loseTheAnswer();
      await webhookDeliveries(true);
      await flushWebhooks();
      const paid = (await orderOf(body.checkout_id!))!;
      await expect.poll(() => fulfilments(paid.id)).toBe(1);
      const again = await charge(body);
      expect(again.status).toBe(200);
      expect((await stripe.paymentIntents.list()).data.map(({ id }) => id)).toEqual([pi.id]);
      expect(fulfilments(paid.id)).toBe(1);
    });
  });

  it('records a refund', async () => {
    const body = order();
    await charge(body);
    const paid = await orderOf(body.checkout_id!);
    await stripe.refunds.create({ payment_intent: paid!.payment_intent_id!, amount: 200 });
    await flushWebhooks();
    expect(await orderOf(body.checkout_id!)).toMatchObject({
      status: 'partially_refunded',
      amount_refunded: 200,
    });
    await stripe.refunds.create({ payment_intent: paid!.payment_intent_id! });
    await flushWebhooks();
    expect(await orderOf(body.checkout_id!)).toMatchObject({
      status: 'refunded',
      amount_refunded: 500,
    });
    const page = await (
      await checkout(`/thank-you?payment_intent=${paid!.payment_intent_id}`)
    ).text();
    expect(page).toContain('refunded');
    expect(page).not.toContain('Thanks');
    await expectLedgerMatchesStripe();
  });
});

describe('signed events', () => {
  it('applies duplicate deliveries, 10 at once, once, and fulfils once', async () => {
    const { body, id } = await awaitingAuthentication();
    const pi = await stripe.paymentIntents.retrieve(id);
    const event = eventFor('payment_intent.succeeded', { ...pi, status: 'succeeded' });
    const responses = await Promise.all(Array.from({ length: 10 }, () => deliver(event)));
    for (const response of responses) expect(response.status).toBe(200);
    const paid = await orderOf(body.checkout_id!);
    expect(paid).toMatchObject({ status: 'paid' });
    const recorded = await env.DB.prepare('SELECT COUNT(*) AS n FROM stripe_events WHERE id = ?')
      .bind(event.id)
      .first<{ n: number }>();
    expect(recorded?.n).toBe(1);
    await expect.poll(() => fulfilments(paid!.id)).toBe(1);
    expect(
      (await Promise.all(responses.map((r) => r.json<{ duplicate?: boolean }>()))).filter(
        (r) => r.duplicate,
      ),
    ).toHaveLength(9);
  });

  /** A checkout whose first attempt was declined: its order (failed) and that failure's event. */
  async function declinedOnce() {
    const body = order({ payment_method: 'pm_card_visa_chargeDeclined' });
    expect((await charge(body)).status).toBe(402);
    const declined = (await orderOf(body.checkout_id!))!;
    expect(declined).toMatchObject({ status: 'failed', attempt: 2, declines: 1 });
    const pi = await stripe.paymentIntents.retrieve(declined.payment_intent_id!);
    expect(pi.status).toBe('requires_payment_method');
    return { body, order: declined, failure: eventFor('payment_intent.payment_failed', pi) };
  }

  it('checks with Stripe a late failure of attempt 1 while attempt 2 awaits 3-D Secure', async () => {
    await webhookDeliveries(false);
    const { body, order: declined, failure } = await declinedOnce();
    const retry = await charge({ ...body, payment_method: 'pm_card_authenticationRequired' });
    expect(await retry.json()).toMatchObject({ status: 'requires_action' });
    // Attempt 1's failure arrives now: Stripe says the PaymentIntent awaits 3-D Secure.
    expect((await deliver(failure)).status).toBe(200);
    expect(await orderOf(body.checkout_id!)).toMatchObject({
      status: 'requires_action',
      declines: 1,
    });
    const auth = await sim(`/_sim/3ds/${declined.payment_intent_id}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: 'outcome=complete',
    });
    expect(auth.ok).toBe(true);
    await webhookDeliveries(true);
    await flushWebhooks();
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'paid', declines: 1 });
    await expectLedgerMatchesStripe();
  });

  /** The order once a failure is recorded: failed (attempt 3 is next), with `declines` counted. */
  const failedWith = async (checkoutId: string, declines: number) =>
    expect(await orderOf(checkoutId)).toMatchObject({ status: 'failed', attempt: 3, declines });

  /** Reopens a declined order as attempt 2 would (no confirm yet), which started `ago` back. */
  const reopen = (id: string, ago: string) =>
    env.DB.prepare(
      `UPDATE orders SET status = 'pending', last_error = NULL,
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?1),
         attempt_started_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?1)
       WHERE id = ?2`,
    )
      .bind(ago, id)
      .run();

  it('keeps a failed order failed when an older processing event comes late; paid still wins', async () => {
    const { body, failure } = await declinedOnce();
    expect((await deliver(failure)).status).toBe(200);
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'failed', declines: 1 });
    // Sent before the failure, delivered after it: it must not reopen the order as pending.
    const pi = failure.data.object as Stripe.PaymentIntent;
    const processing = {
      ...eventFor('payment_intent.processing', {
        ...pi,
        status: 'processing',
        last_payment_error: null,
      }),
      created: failure.created - 60,
    };
    expect((await deliver(processing)).status).toBe(200);
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'failed', declines: 1 });
    // A real success after a failure (failed → paid) still reaches paid.
    const succeeded = eventFor('payment_intent.succeeded', {
      ...pi,
      status: 'succeeded',
      last_payment_error: null,
    });
    expect((await deliver(succeeded)).status).toBe(200);
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'paid' });
  });

  it('defers a failure read back while a new attempt may be confirming, then records it once', async () => {
    const { body, order: declined, failure } = await declinedOnce();
    // Attempt 2 has just started on the same PaymentIntent (its confirm on its way): Stripe still
    // reads attempt 1's failure.
    await reopen(declined.id, '-0 seconds');
    const deferred = await deliver(failure);
    expect(deferred.status).toBe(503);
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'pending', declines: 1 });
    // Attempt 2 never confirmed (its tax or call budget failed). Attempt 1's event, sent before
    // attempt 2 started, comes again after the window: the same decline, counted once.
    await reopen(declined.id, '-2 minutes');
    const redelivered = { ...failure, created: Math.floor(Date.now() / 1000) - 180 };
    expect((await deliver(redelivered)).status).toBe(200);
    await failedWith(body.checkout_id!, 1);
    expect((await orderOf(body.checkout_id!))?.last_error).toMatch(/declined/);
  });

  it('counts a failure newer than the pending attempt (a slow debit failing days later)', async () => {
    const { body, order: declined, failure } = await declinedOnce();
    await reopen(declined.id, '-3 days');
    expect((await deliver(failure)).status).toBe(200);
    await failedWith(body.checkout_id!, 2);
  });

  it('counts a failure newer than the pending attempt though the order changed since', async () => {
    const { body, order: declined, failure } = await declinedOnce();
    await reopen(declined.id, '-3 days');
    // Changed for another reason after the failure came (an email saved): the attempt began before.
    const saved = env.DB.prepare(
      `UPDATE orders SET email = 'grace@example.com',
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 minutes') WHERE id = ?`,
    );
    await saved.bind(declined.id).run();
    const late = { ...failure, created: Math.floor(Date.now() / 1000) - 600 };
    expect((await deliver(late)).status).toBe(200);
    await failedWith(body.checkout_id!, 2);
  });

  it('checks with Stripe a failure event for a pending order whose create response was lost', async () => {
    const body = order({ payment_method: 'pm_card_visa' });
    expect((await charge(body)).status).toBe(200);
    await flushWebhooks();
    const paid = (await orderOf(body.checkout_id!))!;
    const pi = await stripe.paymentIntents.retrieve(paid.payment_intent_id!);
    const failed = {
      ...pi,
      status: 'requires_payment_method',
      last_payment_error: {
        code: 'card_declined',
        decline_code: 'generic_decline',
        message: 'Your card was declined.',
      },
    };
    const unlink = () =>
      env.DB.prepare("UPDATE orders SET status = 'pending', payment_intent_id = NULL WHERE id = ?")
        .bind(paid.id)
        .run();

    // Stripe cannot be asked: the event is refused for now (Stripe delivers it again later).
    await unlink();
    await fault({ mode: 'error', status: 500, count: 3 });
    const deferred = await deliver(eventFor('payment_intent.payment_failed', failed));
    await fault(null);
    expect(deferred.status).toBe(503);
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'pending', declines: 0 });

    // Stripe says the PaymentIntent succeeded: that is what the ledger records, linked by checkout id.
    expect((await deliver(eventFor('payment_intent.payment_failed', failed))).status).toBe(200);
    expect(await orderOf(body.checkout_id!)).toMatchObject({
      status: 'paid',
      payment_intent_id: pi.id,
      declines: 0,
      last_error: null,
    });
  });

  it('defers a refund that arrives before the payment it refunds (503, so Stripe delivers it again)', async () => {
    const { body, id } = await awaitingAuthentication();
    const pi = await stripe.paymentIntents.retrieve(id);
    const refund = eventFor('charge.refunded', {
      id: 'ch_test_early',
      object: 'charge',
      payment_intent: id,
      amount: pi.amount,
      currency: pi.currency,
      amount_refunded: pi.amount,
      refunded: true,
    });
    expect((await deliver(refund)).status).toBe(503);
    expect(await orderOf(body.checkout_id!)).toMatchObject({
      status: 'requires_action',
      amount_refunded: 0,
    });
    const recorded = await env.DB.prepare('SELECT COUNT(*) AS n FROM stripe_events WHERE id = ?')
      .bind(refund.id)
      .first<{ n: number }>();
    expect(recorded?.n).toBe(0);

    expect(
      (await deliver(eventFor('payment_intent.succeeded', { ...pi, status: 'succeeded' }))).status,
    ).toBe(200);
    expect((await deliver(refund)).status).toBe(200);
    expect(await orderOf(body.checkout_id!)).toMatchObject({
      status: 'refunded',
      amount_refunded: pi.amount,
    });
  });

  it('never moves a paid order backwards when events arrive out of order', async () => {
    const { body, id } = await awaitingAuthentication();
    const pi = await stripe.paymentIntents.retrieve(id);
    expect(
      (await deliver(eventFor('payment_intent.succeeded', { ...pi, status: 'succeeded' }))).status,
    ).toBe(200);
    const late = [
      eventFor('payment_intent.requires_action', pi),
      eventFor('payment_intent.payment_failed', {
        ...pi,
        status: 'requires_payment_method',
        last_payment_error: {
          code: 'card_declined',
          decline_code: 'generic_decline',
          message: 'Your card was declined.',
        },
      }),
      eventFor('payment_intent.processing', { ...pi, status: 'processing' }),
    ];
    for (const event of late) expect((await deliver(event)).status).toBe(200);
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'paid', last_error: null });
  });

  it('takes the card from charge.succeeded, before or after the success, with no Stripe call', async () => {
    for (const chargeFirst of [true, false]) {
      const { body, id } = await awaitingAuthentication();
      const pi = await stripe.paymentIntents.retrieve(id);
      const succeeded = eventFor('payment_intent.succeeded', { ...pi, status: 'succeeded' });
      const charged = chargeSucceeded(pi);
      const before = (await simRequests()).length;
      for (const event of chargeFirst ? [charged, succeeded] : [succeeded, charged])
        expect((await deliver(event)).status).toBe(200);
      const paid = await orderOf(body.checkout_id!);
      expect(paid, `charge.succeeded ${chargeFirst ? 'first' : 'last'}`).toMatchObject({
        status: 'paid',
        payment_intent_id: id,
        card_brand: 'visa',
        card_last4: '3184',
      });
      await expect.poll(() => fulfilments(paid!.id)).toBe(1);
      expect((await simRequests()).slice(before)).toEqual([]);
      // Redelivered, either event changes nothing.
      for (const event of [charged, succeeded])
        expect(await (await deliver(event)).json()).toMatchObject({ duplicate: true });
      expect(fulfilments(paid!.id)).toBe(1);
    }
  });

  it('adds the card of a lost create from charge.succeeded, without linking it or moving the status', async () => {
    const { body, id } = await awaitingAuthentication();
    const pi = await stripe.paymentIntents.retrieve(id);
    const pending = (await orderOf(body.checkout_id!))!;
    await env.DB.prepare(
      "UPDATE orders SET status = 'pending', payment_intent_id = NULL WHERE id = ?",
    )
      .bind(pending.id)
      .run();
    const charged = chargeSucceeded(pi);
    expect((await deliver(charged)).status).toBe(200);
    // The resend of the create must still replay the create: the PaymentIntent's own events link it.
    expect(await orderOf(body.checkout_id!)).toMatchObject({
      status: 'pending',
      payment_intent_id: null,
      card_last4: '3184',
    });
  });

  it(`applies every type of WEBHOOK_EVENTS (${WEBHOOK_EVENTS.length}) and ignores the others`, async () => {
    const foreign = await stripe.paymentIntents.create({
      amount: 700,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const objects = {
      payment_intent: foreign,
      charge: {
        id: 'ch_test_foreign',
        object: 'charge',
        payment_intent: foreign.id,
        amount: 700,
        amount_refunded: 0,
        currency: 'usd',
      },
      refund: {
        id: 're_test_foreign',
        object: 'refund',
        payment_intent: foreign.id,
        amount: 700,
        currency: 'usd',
        status: 'succeeded',
      },
      checkout: {
        id: 'cs_test_foreign',
        object: 'checkout.session',
        client_reference_id: 'ord_someone_else',
        currency: 'usd',
        status: 'complete',
      },
      dispute: {
        id: 'dp_test_foreign',
        object: 'dispute',
        payment_intent: foreign.id,
        amount: 700,
        currency: 'usd',
        status: 'needs_response',
        reason: 'fraudulent',
      },
    };
    for (const type of WEBHOOK_EVENTS) {
      const kind = type.startsWith('charge.dispute.') ? 'dispute' : type.split('.')[0];
      const object = objects[kind as keyof typeof objects];
      expect((await deliver(eventFor(type, object))).status).toBe(200);
    }
    expect((await deliver(eventFor('charge.failed', objects.charge))).status).toBe(200);
    const reasons = lines()
      .filter((line) => line.includes('"outcome":"ignored"'))
      .map((line) => JSON.parse(line) as { event_type: string; reason: string });
    // Each listed type reached its handler (which found no order of ours); the other did not.
    expect(reasons).toEqual(
      [
        ...WEBHOOK_EVENTS.map((type) => ({ event_type: type, reason: 'not_our_order' })),
        { event_type: 'charge.failed', reason: 'unhandled_type' },
      ].map((expected) => expect.objectContaining(expected)),
    );
  });

  it('answers 400 and changes nothing for a missing, wrong or stale signature', async () => {
    const { body, id } = await awaitingAuthentication();
    const pi = await stripe.paymentIntents.retrieve(id);
    const event = eventFor('payment_intent.succeeded', { ...pi, status: 'succeeded' });
    const bad = [
      await deliver(event, { signature: null }),
      await deliver(event, { secret: 'whsec_someone_else' }),
      await deliver(event, { timestamp: Math.floor(Date.now() / 1000) - 301 }),
      await deliver(event, { signature: 't=1,v1=deadbeef' }),
    ];
    for (const response of bad) expect(response.status).toBe(400);
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'requires_action' });
    const recorded = await env.DB.prepare('SELECT COUNT(*) AS n FROM stripe_events WHERE id = ?')
      .bind(event.id)
      .first<{ n: number }>();
    expect(recorded?.n).toBe(0);
  });

  it.each([
    ['a body of null', () => null],
    ['a body of [1]', () => [1]],
    ['a body that is a string', () => 'evt_1'],
    ['an empty object', () => ({})],
    ['no data', (e: Event) => ({ ...e, data: undefined })],
    ['data null', (e: Event) => ({ ...e, data: null })],
    ['data.object null', (e: Event) => ({ ...e, data: { object: null } })],
    ['data.object an array', (e: Event) => ({ ...e, data: { object: [e.data.object] } })],
    ['no id', (e: Event) => ({ ...e, id: undefined })],
    ['an id that is a number', (e: Event) => ({ ...e, id: 42 })],
    ['no type', (e: Event) => ({ ...e, type: undefined })],
    ['a type that is an object', (e: Event) => ({ ...e, type: { name: e.type } })],
    ['an amount that is a string', (e: Event) => withObject(e, { amount: '500' })],
    ['a PaymentIntent id that is an object', (e: Event) => withObject(e, { id: { id: 'pi' } })],
    ['metadata that is a string', (e: Event) => withObject(e, { metadata: 'checkout' })],
    [
      'a checkout id that is an object',
      (e: Event) => withObject(e, { metadata: { checkout_id: {} } }),
    ],
    ['a charge for a PaymentIntent event', (e: Event) => withObject(e, { object: 'charge' })],
  ])('answers 400 to a signed event with %s, logs it and changes nothing', async (what, shape) => {
    const { body, id } = await awaitingAuthentication();
    const pi = await stripe.paymentIntents.retrieve(id);
    const event = eventFor('payment_intent.succeeded', { ...pi, status: 'succeeded' });
    const before = await env.DB.prepare('SELECT * FROM orders').all();
    using warnings = vi.spyOn(console, 'warn');
    const response = await deliver(shape(event) as object);
    expect(response.status, what).toBe(400);
    expect(await response.json()).toEqual({
      error: { message: 'This is not a well-formed Stripe event.' },
    });
    expect((await env.DB.prepare('SELECT * FROM orders').all()).results).toEqual(before.results);
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'requires_action' });
    const events = await env.DB.prepare('SELECT COUNT(*) AS n FROM stripe_events').first<{
      n: number;
    }>();
    expect(events?.n).toBe(0);
    expect(warnings.mock.calls.some(([line]) => String(line).includes('"webhook.malformed"'))).toBe(
      true,
    );
  });

  it('records nothing of a signed event it cannot read: its redelivery, once readable, applies', async () => {
    // Stripe retries any answer outside 2xx, the 400 too: deliberately, since a fix deployed
    // within its retries then applies the event, where a 2xx would have lost it.
    const { body, id } = await awaitingAuthentication();
    const pi = await stripe.paymentIntents.retrieve(id);
    const event = eventFor('payment_intent.succeeded', { ...pi, status: 'succeeded' });
    const unreadable = await deliver(withObject(event, { amount: '500' }));
    expect(unreadable.status).toBe(400);
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'requires_action' });
    // The same event id again, as this code reads it once fixed: applied, not a repeat.
    const again = await deliver(event);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: true });
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'paid' });
  });

  it.each([
    ['an amount_refunded that is a string', { amount_refunded: '500' }],
    ['no PaymentIntent id of the right type', { payment_intent: 7 }],
    ['a card last4 that is a number', { payment_method_details: { card: { last4: 4242 } } }],
  ])('answers 400 to a signed charge event with %s', async (what, fields) => {
    const { body, id } = await awaitingAuthentication();
    const pi = await stripe.paymentIntents.retrieve(id);
    for (const type of ['charge.succeeded', 'charge.refunded']) {
      const event = chargeSucceeded(pi);
      const response = await deliver({ ...withObject(event, fields), type });
      expect(response.status, `${type} with ${what}`).toBe(400);
    }
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'requires_action' });
  });

  describe('an event in another API version than stripe-node reads', () => {
    const OTHER = '2024-06-20';
    /** The `webhook.api_version` warn lines written while `run` ran. */
    async function versionWarnings(run: () => Promise<void>): Promise<Record<string, unknown>[]> {
      using warnings = vi.spyOn(console, 'warn');
      await run();
      return warnings.mock.calls
        .map(([line]) => String(line))
        .filter((line) => line.includes('"webhook.api_version"'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    }

    it('is applied when it has every field read, with a warn line naming both versions', async () => {
      const { body, id } = await awaitingAuthentication();
      const pi = await stripe.paymentIntents.retrieve(id);
      const event = {
        ...eventFor('payment_intent.succeeded', { ...pi, status: 'succeeded' }),
        api_version: OTHER,
      };
      const warned = await versionWarnings(async () => {
        expect((await deliver(event)).status).toBe(200);
      });
      expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'paid' });
      expect(warned).toEqual([
        {
          level: 'warn',
          event: 'webhook.api_version',
          via: 'webhook',
          event_id: event.id,
          event_type: 'payment_intent.succeeded',
          event_api_version: OTHER,
          read_api_version: Stripe.API_VERSION,
        },
      ]);
      // Nothing personal in it (the order's email is in the event's PaymentIntent).
      expect(JSON.stringify(warned)).not.toMatch(/@/);
    });

    it('is not lost when it lacks a field read: 503, not recorded, applied once it comes right', async () => {
      const { body, id } = await awaitingAuthentication();
      const pi = await stripe.paymentIntents.retrieve(id);
      const event = eventFor('payment_intent.succeeded', { ...pi, status: 'succeeded' });
      // As if a later version had renamed the amount.
      const reshaped = { ...withObject(event, { amount: undefined }), api_version: OTHER };
      const warned = await versionWarnings(async () => {
        expect((await deliver(reshaped)).status).toBe(503);
      });
      expect(warned).toHaveLength(1);
      expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'requires_action' });
      const recorded = await env.DB.prepare('SELECT COUNT(*) AS n FROM stripe_events WHERE id = ?')
        .bind(event.id)
        .first<{ n: number }>();
      expect(recorded?.n).toBe(0);
      // Delivered again in the version read (the endpoint set right): applied.
      expect((await deliver(event)).status).toBe(200);
      expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'paid' });
    });

    it('in the version read, no line is written', async () => {
      const { id } = await awaitingAuthentication();
      const pi = await stripe.paymentIntents.retrieve(id);
      const event = eventFor('payment_intent.succeeded', { ...pi, status: 'succeeded' });
      expect(event.api_version).toBe(Stripe.API_VERSION);
      expect(await versionWarnings(async () => void (await deliver(event)))).toEqual([]);
    });
  });

  describe('of the other mode (livemode), as when a test endpoint signs for a live Worker', () => {
    /** How many times an event was recorded. */
    const recorded = async (id: string) =>
      (
        await env.DB.prepare('SELECT COUNT(*) AS n FROM stripe_events WHERE id = ?')
          .bind(id)
          .first<{ n: number }>()
      )?.n;

    /** The warn lines of events ignored for their mode. */
    function otherModeWarnings() {
      // The spy of an earlier test, if any: its calls are not this test's.
      const warnings = vi.spyOn(console, 'warn').mockClear();
      return () =>
        warnings.mock.calls
          .map(([line]) => String(line))
          .filter((line) => line.includes('"event":"webhook.other_mode"'))
          .map((line) => JSON.parse(line) as Record<string, unknown>);
    }

    it('is answered 200 and changes nothing, with a warn line; the same in this mode applies', async () => {
      const warnings = otherModeWarnings();
      const { body, id } = await awaitingAuthentication();
      const pi = await stripe.paymentIntents.retrieve(id);
      const event = eventFor('payment_intent.succeeded', { ...pi, status: 'succeeded' });
      const live = await deliver({ ...event, livemode: true });
      expect(live.status).toBe(200);
      expect(await live.json()).toEqual({ received: true });
      expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'requires_action' });
      expect(await recorded(event.id)).toBe(0);
      expect(fulfilments((await orderOf(body.checkout_id!))!.id)).toBe(0);
      expect(warnings()).toEqual([
        {
          level: 'warn',
          event: 'webhook.other_mode',
          event_id: event.id,
          event_type: 'payment_intent.succeeded',
          livemode: true,
          mode: 'simulated',
        },
      ]);
      // Not set aside either: the event of this mode, under the same id, is applied.
      expect((await deliver(event)).status).toBe(200);
      expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'paid' });
      expect(await recorded(event.id)).toBe(1);
    });

    it('is ignored by a live Worker when it is a test event', async () => {
      const warnings = otherModeWarnings();
      const { body, id } = await awaitingAuthentication();
      const pi = await stripe.paymentIntents.retrieve(id);
      const event = eventFor('payment_intent.succeeded', { ...pi, status: 'succeeded' });
      const vars = { STRIPE_SECRET_KEY: 'sk_live_abc', STRIPE_PUBLISHABLE_KEY: 'pk_live_abc' };
      const response = await deliver(event, { vars: { ...vars, STRIPE_API_BASE: '' } });
      expect(response.status).toBe(200);
      expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'requires_action' });
      expect(await recorded(event.id)).toBe(0);
      expect(warnings()).toMatchObject([{ livemode: false, mode: 'live' }]);
    });
  });

  it('ignores unknown event types and PaymentIntents that are not ours, with a log line', async () => {
    const unknown = await deliver(
      eventFor('customer.created', { id: 'cus_123', object: 'customer' }),
    );
    expect(unknown.status).toBe(200);
    const foreign = await stripe.paymentIntents.create({
      amount: 700,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const notOurs = await deliver(eventFor('payment_intent.succeeded', foreign));
    expect(notOurs.status).toBe(200);
    const ignored = lines().filter((line) => line.includes('"outcome":"ignored"'));
    expect(ignored.some((line) => line.includes('unhandled_type'))).toBe(true);
    expect(ignored.some((line) => line.includes('not_our_order'))).toBe(true);
    expect(
      (await env.DB.prepare('SELECT COUNT(*) AS n FROM orders').first<{ n: number }>())?.n,
    ).toBe(0);
  });
});
