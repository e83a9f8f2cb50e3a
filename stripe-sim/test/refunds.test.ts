import { beforeEach, describe, expect, it } from 'vitest';
import { resetAll, stripeClient, stripeError } from './helpers';

const stripe = stripeClient();
beforeEach(resetAll);

const paid = () =>
  stripe.paymentIntents.create({
    amount: 5000,
    currency: 'usd',
    payment_method: 'pm_card_visa',
    confirm: true,
  });

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
    expect(
      (await stripeError(() => stripe.refunds.create({ payment_intent: pi.id, amount: 5001 }))).raw,
    ).toMatchObject({ code: 'amount_too_large', param: 'amount' });
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
