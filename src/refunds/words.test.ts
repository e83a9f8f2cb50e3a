import { describe, expect, it } from 'vitest';
import type { RefusalCode } from './codes';
import { failureWords, refundErrorWords, refusalOf } from './words';

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
    expect(refundErrorWords('a_reason_stripe_adds_later')).toBe('a_reason_stripe_adds_later');
    expect(refundErrorWords('toString')).toBe('toString');
    expect(refundErrorWords(null)).toBeNull();
  });
});

// Every refusal code (src/refunds/codes.ts): the Record makes a new code a type error here.
const REFUSALS = Object.keys({
  amount_too_large: true,
  refund_refused: true,
  stripe_unavailable: true,
  not_configured: true,
  not_sent: true,
} satisfies Record<RefusalCode, true>) as RefusalCode[];

describe('why a refund was never made, in words', () => {
  it.each(REFUSALS)('says %s as the console’s refusal does, never the code', (code) => {
    const words = refundErrorWords(code);
    expect(words).toBe(refusalOf(code).message);
    expect(words).toMatch(/^[A-Z][^_]+\.$/);
    expect(refusalOf(code).code).toBe(code);
  });

  it('says what nothing being refunded means where it is so', () => {
    expect(refundErrorWords('not_sent')).toBe(
      'This refund never reached Stripe, so nothing was refunded. Ask for it again.',
    );
    expect(refundErrorWords('stripe_unavailable')).toMatch(/Nothing was refunded/);
  });

  it('gives Stripe’s own words for a refusal of its own', () => {
    const stored = 'refund_refused: Charge ch_1 has been charged back; cannot issue a refund.';
    expect(refundErrorWords(stored)).toBe(
      'Stripe refused this refund: Charge ch_1 has been charged back; cannot issue a refund.',
    );
    expect(refusalOf(stored)).toEqual({
      code: 'refund_refused',
      message: refundErrorWords(stored),
    });
  });
});
