import type Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import { DISPUTE_FEE } from '../src/balance';
import { EVIDENCE_DAYS } from '../src/disputes';
import { paidPaymentIntent, resetAll, stripeClient, stripeError } from './helpers';

const stripe = stripeClient();
beforeEach(resetAll);

/** The types of the events about one dispute, oldest first. */
const eventsOf = async (dispute: Stripe.Dispute) =>
  (await stripe.events.list({ limit: 100 })).data
    .filter((event) => (event.data.object as { id?: string }).id === dispute.id)
    .reverse()
    .map((event) => ({ type: event.type, status: (event.data.object as Stripe.Dispute).status }));

/** A payment with a disputing test card (the chargeback's by default), and its dispute. */
async function disputedPayment(params: Partial<Stripe.PaymentIntentCreateParams> = {}) {
  const pi = await paidPaymentIntent(stripe, 4200, {
    payment_method: 'pm_card_createDispute',
    ...params,
  });
  const { data } = await stripe.disputes.list({ payment_intent: pi.id });
  expect(data).toHaveLength(1);
  return { pi, dispute: data[0]! };
}

describe('disputes (test card 4000 0000 0000 0259)', () => {
  it('a payment succeeds, then is disputed as fraudulent, with charge.dispute.created', async () => {
    const { pi, dispute } = await disputedPayment();
    expect(pi.status).toBe('succeeded');
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge.disputed).toBe(true);
    expect(dispute).toMatchObject({
      object: 'dispute',
      status: 'needs_response',
      reason: 'fraudulent',
      amount: 4200,
      currency: 'usd',
      charge: charge.id,
      payment_intent: pi.id,
      is_charge_refundable: false,
      evidence_details: { has_evidence: false, submission_count: 0, past_due: false },
    });
    // Due at the end of a day, EVIDENCE_DAYS days on.
    const dueBy = dispute.evidence_details.due_by!;
    expect((dueBy + 1) % 86_400).toBe(0);
    expect(dueBy - dispute.created).toBeGreaterThan(EVIDENCE_DAYS * 86_400);
    expect(dueBy - dispute.created).toBeLessThanOrEqual((EVIDENCE_DAYS + 1) * 86_400);
    expect(await stripe.disputes.retrieve(dispute.id)).toEqual(dispute);
    expect((await stripe.disputes.list({ charge: charge.id })).data).toEqual([dispute]);
    expect(await eventsOf(dispute)).toEqual([
      { type: 'charge.dispute.created', status: 'needs_response' },
      { type: 'charge.dispute.funds_withdrawn', status: 'needs_response' },
    ]);
    // Another card's payment is not disputed; filters keep the lists apart.
    const other = await paidPaymentIntent(stripe, 4200);
    expect((await stripe.disputes.list({ payment_intent: other.id })).data).toEqual([]);
    expect((await stripe.charges.retrieve(other.latest_charge as string)).disputed).toBe(false);
  });

  it('a manually captured payment is disputed once captured', async () => {
    const pi = await paidPaymentIntent(stripe, 4200, {
      payment_method: 'pm_card_createDispute',
      capture_method: 'manual',
    });
    expect((await stripe.disputes.list({ payment_intent: pi.id })).data).toEqual([]);
    await stripe.paymentIntents.capture(pi.id);
    expect((await stripe.disputes.list({ payment_intent: pi.id })).data).toHaveLength(1);
  });

  it.each([
    ['winning_evidence', 'won'],
    ['losing_evidence', 'lost'],
  ] as const)('evidence %s closes it %s, updated then closed', async (text, status) => {
    const { dispute } = await disputedPayment();
    const closed = await stripe.disputes.update(dispute.id, {
      evidence: { uncategorized_text: text, product_description: 'A mug' },
    });
    expect(closed).toMatchObject({
      status,
      evidence: { uncategorized_text: text, product_description: 'A mug' },
      evidence_details: { has_evidence: true, submission_count: 1 },
    });
    expect(await eventsOf(dispute)).toEqual([
      { type: 'charge.dispute.created', status: 'needs_response' },
      { type: 'charge.dispute.funds_withdrawn', status: 'needs_response' },
      { type: 'charge.dispute.updated', status: 'under_review' },
      { type: 'charge.dispute.closed', status },
      ...(status === 'won' ? [{ type: 'charge.dispute.funds_reinstated', status }] : []),
    ]);
    const again = await stripeError(() =>
      stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'more' } }),
    );
    expect(again).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError' });
  });

  it('staged evidence (submit=false) leaves it open; other evidence puts it under review', async () => {
    const { dispute } = await disputedPayment();
    const staged = await stripe.disputes.update(dispute.id, {
      evidence: { uncategorized_text: 'winning_evidence' },
      submit: false,
    });
    expect(staged).toMatchObject({
      status: 'needs_response',
      evidence_details: { has_evidence: true, submission_count: 0 },
    });
    const reviewed = await stripe.disputes.update(dispute.id, {
      evidence: { uncategorized_text: 'The customer signed for it.' },
    });
    expect(reviewed.status).toBe('under_review');
    expect((await eventsOf(dispute)).map((event) => event.type)).toEqual([
      'charge.dispute.created',
      'charge.dispute.funds_withdrawn',
      'charge.dispute.updated',
      'charge.dispute.updated',
    ]);
  });

  it('closing it accepts it as lost', async () => {
    const { dispute } = await disputedPayment();
    expect((await stripe.disputes.close(dispute.id)).status).toBe('lost');
    expect((await eventsOf(dispute)).at(-1)).toEqual({
      type: 'charge.dispute.closed',
      status: 'lost',
    });
  });

  it('a refund of the disputed charge is refused as Stripe refuses it, and changes nothing', async () => {
    const { pi } = await disputedPayment();
    const error = await stripeError(() => stripe.refunds.create({ payment_intent: pi.id }));
    expect(error).toMatchObject({
      statusCode: 400,
      type: 'StripeInvalidRequestError',
      code: 'charge_disputed',
      message: `Charge ${pi.latest_charge as string} has been charged back; cannot issue a refund.`,
    });
    expect((await stripe.refunds.list({ payment_intent: pi.id })).data).toEqual([]);
    expect((await stripe.charges.retrieve(pi.latest_charge as string)).amount_refunded).toBe(0);
  });

  it('a chargeback takes the amount and the dispute fee from the balance; won, the amount comes back', async () => {
    const { pi, dispute } = await disputedPayment();
    const chargeId = pi.latest_charge as string;
    expect(dispute.balance_transactions).toEqual([
      expect.objectContaining({
        object: 'balance_transaction',
        type: 'adjustment',
        reporting_category: 'dispute',
        amount: -4200,
        fee: DISPUTE_FEE,
        fee_details: [
          expect.objectContaining({ amount: 1500, type: 'stripe_fee', description: 'Dispute fee' }),
        ],
        net: -5700,
        currency: 'usd',
        source: dispute.id,
        description: `Chargeback withdrawal for ${chargeId}`,
      }),
    ]);
    const withdrawal = dispute.balance_transactions[0]!;
    expect(await stripe.balanceTransactions.retrieve(withdrawal.id)).toEqual(withdrawal);
    const withdrawn = (await stripe.events.list({ type: 'charge.dispute.funds_withdrawn' })).data;
    expect(withdrawn.map((event) => (event.data.object as Stripe.Dispute).id)).toEqual([
      dispute.id,
    ]);

    const won = await stripe.disputes.update(dispute.id, {
      evidence: { uncategorized_text: 'winning_evidence' },
    });
    expect(won).toMatchObject({ status: 'won', is_charge_refundable: true });
    expect(won.balance_transactions).toEqual([
      withdrawal,
      expect.objectContaining({
        type: 'adjustment',
        reporting_category: 'dispute_reversal',
        amount: 4200,
        fee: 0, // the dispute fee is not returned
        net: 4200,
        source: dispute.id,
        description: `Chargeback reversal for ${chargeId}`,
      }),
    ]);
    const [reinstated] = (await stripe.events.list({ type: 'charge.dispute.funds_reinstated' }))
      .data;
    expect(reinstated?.data.object).toEqual(won);
    // The money is the merchant's again: it can be refunded.
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 });
    expect(refund.status).toBe('succeeded');
  });

  it('lost or accepted, the money stays with the cardholder: no reinstatement, no refund', async () => {
    for (const close of [
      (id: string) =>
        stripe.disputes.update(id, { evidence: { uncategorized_text: 'losing_evidence' } }),
      (id: string) => stripe.disputes.close(id),
    ]) {
      const { pi, dispute } = await disputedPayment();
      const lost = await close(dispute.id);
      expect(lost).toMatchObject({ status: 'lost', is_charge_refundable: false });
      expect(lost.balance_transactions).toEqual(dispute.balance_transactions);
      expect((await eventsOf(dispute)).map((event) => event.type)).not.toContain(
        'charge.dispute.funds_reinstated',
      );
      const error = await stripeError(() => stripe.refunds.create({ payment_intent: pi.id }));
      expect(error).toMatchObject({ statusCode: 400, code: 'charge_disputed' });
    }
  });

  it('an inquiry (4000 0000 0000 1976) moves no money and leaves the charge refundable', async () => {
    const { pi, dispute } = await disputedPayment({
      payment_method: 'pm_card_createDisputeInquiry',
    });
    expect(dispute).toMatchObject({
      status: 'warning_needs_response',
      reason: 'fraudulent',
      amount: 4200,
      balance_transactions: [],
      is_charge_refundable: true,
      payment_method_details: { type: 'card', card: { case_type: 'inquiry' } },
    });
    expect((await stripe.charges.retrieve(pi.latest_charge as string)).disputed).toBe(true);
    expect(await eventsOf(dispute)).toEqual([
      { type: 'charge.dispute.created', status: 'warning_needs_response' },
    ]);
    expect((await stripe.balanceTransactions.list({ source: dispute.id })).data).toEqual([]);

    // A partial refund leaves it open; refunding the rest closes it.
    await stripe.refunds.create({ payment_intent: pi.id, amount: 1200 });
    expect((await stripe.disputes.retrieve(dispute.id)).status).toBe('warning_needs_response');
    await stripe.refunds.create({ payment_intent: pi.id });
    expect(await stripe.disputes.retrieve(dispute.id)).toMatchObject({
      status: 'warning_closed',
      balance_transactions: [],
    });
    expect(await eventsOf(dispute)).toEqual([
      { type: 'charge.dispute.created', status: 'warning_needs_response' },
      { type: 'charge.dispute.closed', status: 'warning_closed' },
    ]);
  });

  it('an inquiry answered is under review, winning evidence or accepting it closes it', async () => {
    const { dispute } = await disputedPayment({ payment_method: 'pm_card_createDisputeInquiry' });
    const reviewed = await stripe.disputes.update(dispute.id, {
      evidence: { uncategorized_text: 'The customer signed for it.' },
    });
    expect(reviewed.status).toBe('warning_under_review');
    const closed = await stripe.disputes.update(dispute.id, {
      evidence: { uncategorized_text: 'winning_evidence' },
    });
    expect(closed).toMatchObject({ status: 'warning_closed', balance_transactions: [] });
    const other = await disputedPayment({ payment_method: 'pm_card_createDisputeInquiry' });
    expect((await stripe.disputes.close(other.dispute.id)).status).toBe('warning_closed');
    expect((await eventsOf(other.dispute)).map((event) => event.type)).toEqual([
      'charge.dispute.created',
      'charge.dispute.closed',
    ]);
  });

  it('an unknown dispute is a 404', async () => {
    const error = await stripeError(() => stripe.disputes.retrieve('dp_missing'));
    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });
});
