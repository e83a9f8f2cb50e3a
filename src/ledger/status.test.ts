import { describe, expect, it } from 'vitest';
import {
  ORDER_STATUSES,
  canReturnAfterFailedRefund,
  canTransition,
  refundStatus,
  statusOfPaymentIntent,
  statusesLeadingTo,
  statusesReturningTo,
} from './status';

describe('the order state machine', () => {
  it('never takes a paid order back to pending, requires_action or failed', () => {
    for (const to of ['pending', 'requires_action', 'failed', 'canceled'] as const)
      expect(canTransition('paid', to)).toBe(false);
    expect(canTransition('paid', 'refunded')).toBe(true);
    expect(canTransition('paid', 'partially_refunded')).toBe(true);
  });

  it('lets money that moved win from every open state, refunded since or not', () => {
    expect(statusesLeadingTo('paid')).toEqual(['pending', 'requires_action', 'failed']);
    expect(statusesLeadingTo('refunded')).toEqual([
      'pending',
      'requires_action',
      'paid',
      'failed',
      'partially_refunded',
    ]);
  });

  it('only adds refunds up: a partly refunded order never goes back to paid', () => {
    expect(canTransition('partially_refunded', 'paid')).toBe(false);
    expect(canTransition('partially_refunded', 'refunded')).toBe(true);
    expect(canTransition('refunded', 'partially_refunded')).toBe(false);
  });

  it('moves back only for a failed refund, and only to what is left refunded', () => {
    expect(statusesReturningTo('paid')).toEqual(['partially_refunded', 'refunded']);
    expect(statusesReturningTo('partially_refunded')).toEqual(['refunded']);
    for (const to of ['pending', 'requires_action', 'failed', 'canceled', 'refunded'] as const)
      expect(statusesReturningTo(to)).toEqual([]);
    for (const from of ORDER_STATUSES)
      for (const to of ORDER_STATUSES)
        if (canReturnAfterFailedRefund(from, to)) expect(canTransition(from, to)).toBe(false);
  });

  it('keeps canceled and refunded final', () => {
    for (const to of ORDER_STATUSES) {
      expect(canTransition('canceled', to)).toBe(false);
      expect(canTransition('refunded', to)).toBe(false);
    }
  });

  it('never reopens a failed order along an edge: only startRetry does, as a new attempt', () => {
    expect(canTransition('failed', 'pending')).toBe(false);
    expect(canTransition('failed', 'requires_action')).toBe(false);
    expect(canTransition('failed', 'paid')).toBe(true);
    expect(statusesLeadingTo('pending')).toEqual(['requires_action']);
  });

  it('does not count staying put as a transition', () => {
    for (const status of ORDER_STATUSES) expect(canTransition(status, status)).toBe(false);
  });
});

describe('statusOfPaymentIntent', () => {
  it.each([
    [{ status: 'succeeded' }, 'paid'],
    [{ status: 'requires_action' }, 'requires_action'],
    [{ status: 'canceled' }, 'canceled'],
    [{ status: 'processing' }, 'pending'],
    [{ status: 'requires_confirmation' }, 'pending'],
    [{ status: 'requires_payment_method' }, 'pending'],
    [
      { status: 'requires_payment_method', last_payment_error: { code: 'card_declined' } },
      'failed',
    ],
  ])('%o → %s', (pi, status) => expect(statusOfPaymentIntent({ amount: 500, ...pi })).toBe(status));
});

describe('refundStatus', () => {
  it('is refunded only when the whole amount came back, partially refunded before', () => {
    expect(refundStatus(500, 0)).toBe('paid');
    expect(refundStatus(500, 200)).toBe('partially_refunded');
    expect(refundStatus(500, 500)).toBe('refunded');
  });
});
