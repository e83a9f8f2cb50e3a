import type Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
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

/** A payment with the disputing test card, and its dispute. */
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
      { type: 'charge.dispute.updated', status: 'under_review' },
      { type: 'charge.dispute.closed', status },
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

  it('an unknown dispute is a 404', async () => {
    const error = await stripeError(() => stripe.disputes.retrieve('dp_missing'));
    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });
});
