import { describe, expect, it } from 'vitest';
import { refusalCodeOf } from './codes';

const invalid = 'StripeInvalidRequestError';

describe("a Stripe refusal of a refund, as the console's code", () => {
  it('tells more than remains by its words-only shape: invalid_request_error on amount, no code', () => {
    expect(refusalCodeOf({ type: invalid, param: 'amount' })).toBe('amount_too_large');
    expect(refusalCodeOf({ type: invalid, code: 'charge_already_refunded' })).toBe(
      'amount_too_large',
    );
  });

  it('leaves other refusals of amount (a coded one), and of other params, to Stripe’s words', () => {
    for (const code of ['invalid_charge_amount', 'invalid_charge_amount_no_decimal_compatible'])
      expect(refusalCodeOf({ type: invalid, param: 'amount', code })).toBe('refund_refused');
    expect(refusalCodeOf({ type: invalid, code: 'charge_disputed' })).toBe('refund_refused');
    expect(refusalCodeOf({ type: invalid, param: 'payment_intent' })).toBe('refund_refused');
    expect(refusalCodeOf({ type: 'StripeAPIError', param: 'amount' })).toBe('refund_refused');
  });

  it('names a refused key as not configured', () => {
    expect(refusalCodeOf({ type: 'StripeAuthenticationError' })).toBe('not_configured');
    expect(refusalCodeOf({ type: 'StripePermissionError' })).toBe('not_configured');
  });
});
