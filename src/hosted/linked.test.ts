import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import type { Order } from '../ledger';
import type { OrderStatus } from '../ledger/status';
import { closedSessionAnswer } from './linked';

const order = (status: OrderStatus) => ({ id: 'ord_closed', status }) as Order;
const pi = { id: 'pi_closed', object: 'payment_intent' } as Stripe.PaymentIntent;

describe('the answer for a closed Session, once recorded', () => {
  it('is processing, never "not charged", while its PaymentIntent is still open', () => {
    // An asynchronous debit settling (pending), or a voucher or bank transfer the customer has
    // yet to pay (requires_action): paying again could charge twice.
    for (const status of ['pending', 'requires_action'] as const)
      expect(closedSessionAnswer(order(status), false, pi), status).toMatchObject({
        kind: 'processing',
        paymentIntent: pi,
      });
  });

  it('is the receipt once paid or refused as free, the order once failed, else canceled', () => {
    expect(closedSessionAnswer(order('paid'), false, pi)).toMatchObject({ kind: 'charged' });
    expect(closedSessionAnswer(order('pending'), true, null)).toMatchObject({ kind: 'charged' });
    expect(closedSessionAnswer(order('failed'), false, pi)).toMatchObject({ status: 'failed' });
    expect(closedSessionAnswer(order('canceled'), false, pi)).toMatchObject({
      kind: 'not_charged',
      reason: 'checkout_canceled',
    });
    // Open, but no PaymentIntent (an expired Session nobody paid): nothing was charged.
    expect(closedSessionAnswer(order('pending'), false, null)).toMatchObject({
      kind: 'not_charged',
    });
  });
});
