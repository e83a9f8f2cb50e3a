import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { isAbandonedAfterAnHour } from './abandoned';

/** A PaymentIntent waiting for its customer's `next_action` (Stripe's names). */
const waitingFor = (type: string | null, status = 'requires_action') =>
  ({ status, next_action: type === null ? null : { type } }) as unknown as Stripe.PaymentIntent;

describe('isAbandonedAfterAnHour', () => {
  it.each([
    'use_stripe_sdk',
    'redirect_to_url',
    'alipay_handle_redirect',
    'wechat_pay_display_qr_code',
    'cashapp_handle_redirect_or_display_qr_code',
    'blik_authorize',
  ])('abandons a wait for %s, a step taken at once', (type) => {
    expect(isAbandonedAfterAnHour(waitingFor(type))).toBe(true);
  });

  it.each([
    'oxxo_display_details',
    'konbini_display_details',
    'boleto_display_details',
    'multibanco_display_details',
    'display_bank_transfer_instructions',
    'verify_with_microdeposits',
    'pix_display_qr_code',
    'card_await_notification',
  ])('leaves a wait of days for %s to the method’s own expiry', (type) => {
    expect(isAbandonedAfterAnHour(waitingFor(type))).toBe(false);
  });

  it('leaves a PaymentIntent no longer waiting', () => {
    expect(isAbandonedAfterAnHour(waitingFor('use_stripe_sdk', 'succeeded'))).toBe(false);
  });
});
