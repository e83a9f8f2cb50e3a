import type Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import { paidPaymentIntent, resetAll, stripeClient } from './helpers';

const stripe = stripeClient();
beforeEach(resetAll);

const DAY = 86_400;

describe('balance transactions', () => {
  it('one per captured charge: the amount, 2.9% + 30¢, the net, pending for two days', async () => {
    const pi = await paidPaymentIntent(stripe, 2000, {
      description: 'Order 42',
      expand: ['latest_charge.balance_transaction'],
    });
    const charge = pi.latest_charge as Stripe.Charge;
    const txn = charge.balance_transaction as Stripe.BalanceTransaction;
    expect(txn).toMatchObject({
      id: expect.stringMatching(/^txn_/),
      object: 'balance_transaction',
      amount: 2000,
      currency: 'usd',
      fee: 88, // 2.9% of 2000 = 58, plus 30
      fee_details: [
        {
          amount: 88,
          currency: 'usd',
          type: 'stripe_fee',
          description: 'Stripe processing fees',
          application: null,
        },
      ],
      net: 1912,
      status: 'pending',
      type: 'charge',
      reporting_category: 'charge',
      source: charge.id,
      description: 'Order 42',
      exchange_rate: null,
    });
    expect(txn.available_on % DAY).toBe(0);
    expect(txn.available_on - txn.created).toBeGreaterThan(DAY);
    expect(txn.available_on - txn.created).toBeLessThanOrEqual(2 * DAY);
    expect(await stripe.balanceTransactions.retrieve(txn.id)).toMatchObject({
      id: txn.id,
      fee: 88,
    });
  });

  it('rounds the percentage to the nearest cent', async () => {
    const pi = await paidPaymentIntent(stripe, 500, {
      expand: ['latest_charge.balance_transaction'],
    });
    const txn = (pi.latest_charge as Stripe.Charge)
      .balance_transaction as Stripe.BalanceTransaction;
    expect(txn).toMatchObject({ fee: 45, net: 455 }); // 14.5¢ rounds to 15¢, plus 30¢
  });

  it('none for a declined or an uncaptured charge; the captured amount once captured', async () => {
    const declined = await stripe.paymentIntents
      .create({
        amount: 1000,
        currency: 'usd',
        payment_method: 'pm_card_visa_chargeDeclined',
        confirm: true,
      })
      .catch((err: { raw: { charge: string } }) => err.raw.charge);
    expect((await stripe.charges.retrieve(declined as string)).balance_transaction).toBeNull();
    const pi = await paidPaymentIntent(stripe, 3000, {
      capture_method: 'manual',
    });
    expect(
      (await stripe.charges.retrieve(pi.latest_charge as string)).balance_transaction,
    ).toBeNull();
    const captured = await stripe.paymentIntents.capture(pi.id, {
      amount_to_capture: 1000,
      expand: ['latest_charge.balance_transaction'],
    });
    const txn = (captured.latest_charge as Stripe.Charge)
      .balance_transaction as Stripe.BalanceTransaction;
    expect(txn).toMatchObject({ amount: 1000, fee: 59, net: 941 });
  });

  it('one per refund: the amount leaves the balance, Stripe keeps its fee', async () => {
    const pi = await paidPaymentIntent(stripe, 2000, {});
    const refund = await stripe.refunds.create({
      payment_intent: pi.id,
      amount: 500,
      expand: ['balance_transaction'],
    });
    expect(refund.balance_transaction).toMatchObject({
      amount: -500,
      fee: 0,
      fee_details: [],
      net: -500,
      type: 'refund',
      reporting_category: 'refund',
      source: refund.id,
      status: 'available',
    });
    const listed = await stripe.balanceTransactions.list({
      type: 'refund',
      expand: ['data.source'],
    });
    expect(listed.data).toHaveLength(1);
    expect((listed.data[0]?.source as Stripe.Refund).id).toBe(refund.id);
    expect((await stripe.balanceTransactions.list()).data.map((t) => t.type)).toEqual([
      'refund',
      'charge',
    ]);
  });
});
