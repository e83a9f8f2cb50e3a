import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { configurationRefusal } from './refusal';

const error = (raw: Record<string, unknown>) =>
  Stripe.errors.StripeError.generate({ statusCode: 400, ...raw } as never);

const tooSmall = error({
  type: 'invalid_request_error',
  message: "The Checkout Session's total amount due must add up to at least $0.50 usd",
  requestId: 'req_123',
});

describe('configurationRefusal', () => {
  it("names the shop's key when Stripe rejects it", () => {
    // stripe-node makes these from the HTTP status (401, 403), whatever the body's type.
    const { StripeAuthenticationError, StripePermissionError } = Stripe.errors;
    for (const Refused of [StripeAuthenticationError, StripePermissionError])
      expect(
        configurationRefusal(new Refused({ message: 'Invalid API Key' } as never), false),
      ).toEqual({
        problem: 'payments.refused',
        reason: 'misconfigured',
        detail: 'Stripe rejected STRIPE_SECRET_KEY',
      });
  });

  it("keeps Stripe's code, param, request id and message for a refused request", () => {
    const refused = error({
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'line_items[0][price_data][product_data][tax_code]',
      message: 'No such tax_code: txcd_1',
    });
    expect(configurationRefusal(refused, false)).toMatchObject({
      problem: 'payments.refused',
      reason: 'misconfigured',
      code: 'resource_missing',
      param: 'line_items[0][price_data][product_data][tax_code]',
      detail: 'No such tax_code: txcd_1',
    });
  });

  it("leaves the message out when the request carried the customer's email or address", () => {
    const fields = configurationRefusal(tooSmall, true);
    expect(fields).toMatchObject({ code: null, param: null, stripe_request_id: 'req_123' });
    expect(fields?.detail).toBeUndefined();
  });

  it("is null for the customer's payment method, a card, a rate limit or Stripe failing", () => {
    const others = [
      error({ type: 'invalid_request_error', param: 'payment_method', message: 'used' }),
      error({ type: 'invalid_request_error', param: 'payment_method_data[type]', message: 'x' }),
      error({ type: 'card_error', statusCode: 402, code: 'card_declined', message: 'declined' }),
      error({ type: 'rate_limit_error', statusCode: 429, message: 'slow down' }),
      error({ type: 'api_error', statusCode: 500, message: 'oops' }),
      error({ type: 'idempotency_error', message: 'other parameters' }),
    ];
    for (const other of others) expect(configurationRefusal(other, false), other.type).toBeNull();
  });

  it('shortens a message that quotes a long value', () => {
    const long = error({
      type: 'invalid_request_error',
      message: `Invalid: ${'AB, '.repeat(400)}`,
    });
    expect(String(configurationRefusal(long, false)?.detail)).toHaveLength(500);
  });
});
