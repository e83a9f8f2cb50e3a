import type Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import { REFUND_FAILS_AFTER_SECONDS } from '../src/refund-failures';
import { control, paidPaymentIntent, resetAll, stripeClient } from './helpers';

const stripe = stripeClient();
beforeEach(resetAll);

const advance = (seconds: number) => control('/clock', { json: { advance_seconds: seconds } });
const eventsOf = async (refund: Stripe.Refund) =>
  (await stripe.events.list({ limit: 100 })).data
    .filter((event) => (event.data.object as { id?: string }).id === refund.id)
    .map((event) => event.type)
    .sort();

describe('a refund that fails (test card 4000 0000 0000 5126)', () => {
  it('succeeds, then fails: the charge takes the amount back and Stripe says so', async () => {
    const pi = await paidPaymentIntent(stripe, 5000, { payment_method: 'pm_card_refundFail' });
    const charge = pi.latest_charge as string;
    await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 });
    const refund = await stripe.refunds.create({ payment_intent: pi.id });
    expect(refund).toMatchObject({ status: 'succeeded', amount: 4000 });
    expect(await stripe.charges.retrieve(charge)).toMatchObject({
      amount_refunded: 5000,
      refunded: true,
    });

    await advance(REFUND_FAILS_AFTER_SECONDS - 5);
    expect((await stripe.refunds.retrieve(refund.id)).status).toBe('succeeded');
    await advance(5);
    const failed = await stripe.refunds.retrieve(refund.id, {
      expand: ['failure_balance_transaction'],
    });
    expect(failed).toMatchObject({ status: 'failed', failure_reason: 'expired_or_canceled_card' });
    expect(failed.failure_balance_transaction).toMatchObject({
      amount: 4000,
      type: 'refund_failure',
      source: refund.id,
    });
    // Both refunds were due together: each fails on its own, and the charge is back to nothing.
    expect(await stripe.charges.retrieve(charge)).toMatchObject({
      amount_refunded: 0,
      refunded: false,
    });
    expect(await eventsOf(refund)).toEqual([
      'charge.refund.updated',
      'refund.created',
      'refund.failed',
      'refund.updated',
    ]);
    const updated = (await stripe.events.list({ type: 'refund.updated' })).data.find(
      (event) => (event.data.object as Stripe.Refund).id === refund.id,
    );
    expect(updated?.data.previous_attributes).toMatchObject({ status: 'succeeded' });

    // The money is back: the charge can be refunded again (and that refund fails too, later).
    const again = await stripe.refunds.create({ payment_intent: pi.id });
    expect(again).toMatchObject({ status: 'succeeded', amount: 5000 });
  });

  it('leaves refunds of other cards alone', async () => {
    const pi = await paidPaymentIntent(stripe);
    const refund = await stripe.refunds.create({ payment_intent: pi.id });
    await advance(REFUND_FAILS_AFTER_SECONDS * 10);
    expect((await stripe.refunds.retrieve(refund.id)).status).toBe('succeeded');
    expect(await eventsOf(refund)).toEqual(['refund.created']);
  });
});
