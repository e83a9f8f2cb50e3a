import type Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import { paidPaymentIntent, resetAll, responseHeader, stripeClient, stripeError } from './helpers';

const stripe = stripeClient();
beforeEach(resetAll);

const pay = (params: Partial<Stripe.PaymentIntentCreateParams> = {}) =>
  paidPaymentIntent(stripe, 2000, params);

describe('expand[]', () => {
  it('expands to null what a test-mode account without Connect or Radar reviews does not have', async () => {
    const pi = await pay();
    const expanded = await stripe.paymentIntents.retrieve(pi.id, {
      expand: ['customer', 'review', 'application', 'on_behalf_of', 'source', 'payment_record'],
    });
    expect(expanded).toMatchObject({
      customer: null,
      review: null,
      application: null,
      on_behalf_of: null,
      source: null,
      payment_record: null,
    });
    const charge = await stripe.charges.retrieve(pi.latest_charge as string, {
      expand: [
        'application',
        'application_fee',
        'customer',
        'failure_balance_transaction',
        'on_behalf_of',
        'review',
        'source_transfer',
        'transfer',
      ],
    });
    expect(charge).toMatchObject({
      application: null,
      application_fee: null,
      customer: null,
      review: null,
      source_transfer: null,
      on_behalf_of: null,
    });
    const refund = await stripe.refunds.create({
      payment_intent: pi.id,
      expand: [
        'transfer_reversal',
        'source_transfer_reversal',
        'customer',
        'charge',
        'payment_method',
      ],
    });
    expect(refund).toMatchObject({
      transfer_reversal: null,
      source_transfer_reversal: null,
      customer: null,
      charge: { object: 'charge', id: pi.latest_charge },
      payment_method: { object: 'payment_method' },
    });
  });

  it('goes through expanded objects and lists, up to 4 levels', async () => {
    const customer = await stripe.customers.create();
    const pi = await pay({ customer: customer.id });
    const refund = await stripe.refunds.create({
      payment_intent: pi.id,
      expand: ['charge.payment_intent.latest_charge.balance_transaction'],
    });
    const charge = refund.charge as Stripe.Charge;
    const txn = ((charge.payment_intent as Stripe.PaymentIntent).latest_charge as Stripe.Charge)
      .balance_transaction as Stripe.BalanceTransaction;
    expect(txn.object).toBe('balance_transaction');
    const err = await stripeError(() =>
      stripe.refunds.retrieve(refund.id, {
        expand: ['charge.payment_intent.latest_charge.balance_transaction.source'],
      }),
    );
    expect(err.message).toBe('You cannot expand more than 4 levels of a property.');
    const list = await stripe.charges.list({
      expand: ['data.customer', 'data.balance_transaction'],
    });
    expect((list.data[0]?.customer as Stripe.Customer).id).toBe(customer.id);
  });

  it('includes a charge`s refunds only when asked', async () => {
    const pi = await pay();
    await stripe.refunds.create({ payment_intent: pi.id, amount: 100 });
    const plain = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(plain).not.toHaveProperty('refunds');
    const withRefunds = await stripe.charges.retrieve(pi.latest_charge as string, {
      expand: ['refunds.data.balance_transaction'],
    });
    expect(withRefunds.refunds?.data).toHaveLength(1);
    expect(
      (withRefunds.refunds?.data[0]?.balance_transaction as Stripe.BalanceTransaction).amount,
    ).toBe(-100);
  });

  it('refuses a bad path before acting: nothing made, no event, the key free', async () => {
    const events = async () => (await stripe.events.list({ limit: 100 })).data.length;
    const tooDeep = 'latest_charge.payment_intent.latest_charge.payment_intent.latest_charge';
    for (const [expand, message] of [
      ['bogus', 'This property cannot be expanded (bogus).'],
      [tooDeep, 'You cannot expand more than 4 levels of a property.'],
    ] as const) {
      const refused = await stripeError(() => pay({ expand: [expand] }));
      expect(refused).toMatchObject({ statusCode: 400, param: 'expand', message });
    }
    const keyed = await stripeError(() =>
      stripe.paymentIntents.create(
        {
          amount: 500,
          currency: 'usd',
          payment_method: 'pm_card_visa',
          confirm: true,
          expand: ['bogus'],
        },
        { idempotencyKey: 'exp1' },
      ),
    );
    expect(keyed.param).toBe('expand');
    expect((await stripe.paymentIntents.list()).data).toEqual([]);
    expect(await events()).toBe(0);
    // The key saved nothing: the corrected request is carried out.
    const corrected = await stripe.paymentIntents.create(
      { amount: 500, currency: 'usd', payment_method: 'pm_card_visa', confirm: true },
      { idempotencyKey: 'exp1' },
    );
    expect(corrected.status).toBe('succeeded');
    expect(responseHeader(corrected, 'Idempotent-Replayed')).toBeNull();

    const before = await events();
    const refund = await stripeError(() =>
      stripe.refunds.create({
        payment_intent: corrected.id,
        expand: ['charge.refunds.data.charge.customer'],
      }),
    );
    expect(refund).toMatchObject({ statusCode: 400, param: 'expand' });
    expect((await stripe.refunds.list()).data).toEqual([]);
    expect((await stripe.charges.retrieve(corrected.latest_charge as string)).amount_refunded).toBe(
      0,
    );
    const capture = await stripeError(() =>
      stripe.paymentIntents.capture(corrected.id, { expand: ['amount'] }),
    );
    expect(capture.param).toBe('expand');
    expect(await events()).toBe(before);
  });

  it('refuses what is not expandable, and a Connect id it has no object for', async () => {
    const pi = await pay({ on_behalf_of: 'acct_1Connected' });
    expect(
      (await stripeError(() => stripe.paymentIntents.retrieve(pi.id, { expand: ['description'] })))
        .message,
    ).toBe('This property cannot be expanded (description).');
    const err = await stripeError(() =>
      stripe.paymentIntents.retrieve(pi.id, { expand: ['on_behalf_of'] }),
    );
    expect(err.param).toBe('expand');
    expect(err.message).toContain('acct_1Connected');
  });
});
