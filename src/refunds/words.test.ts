import { describe, expect, it } from 'vitest';
import { failureWords, refundErrorWords } from './words';

// Every failure_reason stripe-node documents for a refund (Refund.failure_reason).
const STRIPE_FAILURE_REASONS = [
  'lost_or_stolen_card',
  'expired_or_canceled_card',
  'charge_for_pending_refund_disputed',
  'insufficient_funds',
  'declined',
  'merchant_request',
  'unknown',
];

describe('why a refund failed, in words', () => {
  it.each(STRIPE_FAILURE_REASONS)(
    'says %s plainly, and that the customer was not refunded',
    (r) => {
      expect(failureWords(r)).toMatch(
        /^[A-Z].+: the money is back in your Stripe balance; the customer was not refunded\.$/,
      );
    },
  );

  it('shows any other error as it is, and no error as none', () => {
    expect(refundErrorWords('refund_refused')).toBe('refund_refused');
    expect(refundErrorWords('toString')).toBe('toString');
    expect(refundErrorWords(null)).toBeNull();
  });
});
