import { beforeEach, describe, expect, it } from 'vitest';
import { paidPaymentIntent, resetAll, stripeClient, stripeError } from './helpers';

const stripe = stripeClient();
beforeEach(resetAll);

const paid = () => paidPaymentIntent(stripe);

describe('refunds', () => {
  it('refund a charge in part, then in full, and the charge follows', async () => {
    const pi = await paid();
    const partial = await stripe.refunds.create({
      payment_intent: pi.id,
      amount: 1500,
      reason: 'requested_by_customer',
      metadata: { ticket: 'T-1' },
    });
    expect(partial).toMatchObject({
      object: 'refund',
      amount: 1500,
      status: 'succeeded',
      charge: pi.latest_charge,
      payment_intent: pi.id,
      reason: 'requested_by_customer',
      metadata: { ticket: 'T-1' },
    });
    expect(partial.id).toMatch(/^re_/);
    expect(await stripe.charges.retrieve(pi.latest_charge as string)).toMatchObject({
      amount_refunded: 1500,
      refunded: false,
    });

    const rest = await stripe.refunds.create({ charge: pi.latest_charge as string });
    expect(rest.amount).toBe(3500);
    expect(await stripe.charges.retrieve(pi.latest_charge as string)).toMatchObject({
      amount_refunded: 5000,
      refunded: true,
    });
    expect(await stripe.refunds.retrieve(rest.id)).toEqual(rest);
  });

  it('refuse more than what is left, a refunded charge, and an unpaid PaymentIntent', async () => {
    const pi = await paid();
    // Stripe's words, its amounts as money, on `amount`, with no code.
    const tooMuch = await stripeError(() =>
      stripe.refunds.create({ payment_intent: pi.id, amount: 500_001 }),
    );
    expect(tooMuch.type).toBe('StripeInvalidRequestError');
    expect(tooMuch.raw).toMatchObject({
      type: 'invalid_request_error',
      param: 'amount',
      message: 'Refund amount ($5,000.01) is greater than unrefunded amount on charge ($50.00)',
    });
    expect(tooMuch.raw).not.toHaveProperty('code');
    for (const amount of [0, -100]) {
      const error = await stripeError(() =>
        stripe.refunds.create({ payment_intent: pi.id, amount }),
      );
      expect(error.raw, String(amount)).toMatchObject({
        type: 'invalid_request_error',
        param: 'amount',
        message: 'This value must be greater than or equal to 1.',
      });
      expect(error.raw).not.toHaveProperty('code');
    }
    expect((await stripe.refunds.list({ payment_intent: pi.id })).data).toEqual([]);
    await stripe.refunds.create({ payment_intent: pi.id });
    expect(
      (await stripeError(() => stripe.refunds.create({ payment_intent: pi.id }))).raw,
    ).toMatchObject({ code: 'charge_already_refunded' });
    const unpaid = await stripe.paymentIntents.create({ amount: 5000, currency: 'usd' });
    expect(
      (await stripeError(() => stripe.refunds.create({ payment_intent: unpaid.id }))).statusCode,
    ).toBe(400);
  });
});

describe('listing and updating refunds', () => {
  it('refuse a partial refund in fractions of a króna, and a KWD one not ending in 0', async () => {
    const isk = await paidPaymentIntent(stripe, 500_000, { currency: 'isk' });
    const fraction = await stripeError(() =>
      stripe.refunds.create({ payment_intent: isk.id, amount: 12_350 }),
    );
    expect(fraction.raw).toMatchObject({
      code: 'invalid_charge_amount_no_decimal_compatible',
      param: 'amount',
    });
    const kwd = await paidPaymentIntent(stripe, 5000, { currency: 'kwd' });
    const offStep = await stripeError(() =>
      stripe.refunds.create({ payment_intent: kwd.id, amount: 1235 }),
    );
    expect(offStep.raw).toMatchObject({ code: 'invalid_charge_amount', param: 'amount' });
    expect(await stripe.refunds.list({ payment_intent: kwd.id })).toMatchObject({ data: [] });
    expect(await stripe.refunds.create({ payment_intent: kwd.id, amount: 1230 })).toMatchObject({
      amount: 1230,
    });
  });

  it('lists refunds newest first, filtered by PaymentIntent or charge', async () => {
    const first = await paid();
    const second = await paid();
    const a = await stripe.refunds.create({ payment_intent: first.id, amount: 1000 });
    const b = await stripe.refunds.create({ payment_intent: second.id });
    const c = await stripe.refunds.create({ payment_intent: first.id });
    expect((await stripe.refunds.list()).data.map((refund) => refund.id)).toEqual([
      c.id,
      b.id,
      a.id,
    ]);
    expect(
      (await stripe.refunds.list({ payment_intent: first.id })).data.map((refund) => refund.id),
    ).toEqual([c.id, a.id]);
    expect((await stripe.refunds.list({ charge: second.latest_charge as string })).data).toEqual([
      b,
    ]);
    const page = await stripe.refunds.list({ limit: 1, payment_intent: first.id });
    expect(page).toMatchObject({ has_more: true, url: '/v1/refunds' });
    const expanded = await stripe.refunds.list({ limit: 1, expand: ['data.charge'] });
    expect(expanded.data[0]?.charge).toMatchObject({ object: 'charge', amount_refunded: 5000 });
  });

  it('updates metadata with refund.updated and charge.refund.updated, and nothing else', async () => {
    const pi = await paid();
    const refund = await stripe.refunds.create({
      payment_intent: pi.id,
      metadata: { ticket: 'T-1', agent: 'ann' },
    });
    const updated = await stripe.refunds.update(refund.id, {
      metadata: { ticket: 'T-2', agent: '', note: 'resent' },
    });
    expect(updated.metadata).toEqual({ ticket: 'T-2', note: 'resent' });
    expect(await stripe.refunds.retrieve(refund.id)).toEqual(updated);

    const events = (await stripe.events.list({ type: '*refund.updated' })).data;
    expect(events.map((event) => event.type)).toEqual(['charge.refund.updated', 'refund.updated']);
    for (const event of events) {
      expect(event.data.object).toMatchObject({ id: refund.id, metadata: updated.metadata });
      expect(event.data.previous_attributes).toEqual({
        metadata: { ticket: 'T-1', agent: 'ann', note: null },
      });
    }
    // The same values again change nothing, and Stripe then sends no event.
    await stripe.refunds.update(refund.id, { metadata: { ticket: 'T-2' } });
    expect((await stripe.events.list({ type: 'refund.updated' })).data).toHaveLength(1);
    expect((await stripe.refunds.update(refund.id, { metadata: '' })).metadata).toEqual({});
  });

  it('refuses to cancel a card refund, which has already succeeded', async () => {
    const refund = await stripe.refunds.create({ payment_intent: (await paid()).id });
    const error = await stripeError(() => stripe.refunds.cancel(refund.id));
    expect(error.statusCode).toBe(400);
    expect(error.message).toContain('requires_action');
    expect((await stripe.refunds.retrieve(refund.id)).status).toBe('succeeded');
  });
});
