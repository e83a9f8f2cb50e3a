import { describe, expect, it } from 'vitest';
import { isFieldError, parseChargeRequest } from './schema';

const valid = {
  checkout_id: '6F9619FF-8B86-4011-B42D-00C04FC964FF',
  product: 'support-5',
  quantity: 2,
  email: ' jane@example.com ',
  confirmation_token: 'ctoken_123',
};

describe('parseChargeRequest', () => {
  it('accepts the page JSON and normalises it', () => {
    expect(parseChargeRequest(valid)).toEqual({
      checkoutId: '6f9619ff-8b86-4011-b42d-00c04fc964ff',
      productId: 'support-5',
      quantity: 2,
      email: 'jane@example.com',
      source: { kind: 'confirmation_token', id: 'ctoken_123' },
    });
  });

  it('accepts a form post with string quantities and a legacy stripeToken', () => {
    const { confirmation_token: _, ...rest } = valid;
    expect(parseChargeRequest({ ...rest, quantity: '3', stripeToken: 'tok_visa' })).toMatchObject({
      quantity: 3,
      source: { kind: 'token', id: 'tok_visa' },
    });
  });

  it.each(["o'brien@example.com", 'a@xn--bcher-kva.de'])(
    'accepts %s, which browsers accept (issue 12)',
    (email) => {
      expect(parseChargeRequest({ ...valid, email })).toMatchObject({ email });
    },
  );

  it('drops fields it does not know, such as a client-side amount', () => {
    const parsed = parseChargeRequest({
      ...valid,
      amount: 1,
      currency: 'jpy',
      __proto__: { admin: true },
    });
    expect(parsed).not.toHaveProperty('amount');
    expect(isFieldError(parsed)).toBe(false);
  });

  it.each([
    [{ ...valid, checkout_id: 'abc' }, 'checkout_id'],
    [{ ...valid, quantity: '1e1' }, 'quantity'],
    [{ ...valid, quantity: '011' }, 'quantity'],
    [{ ...valid, quantity: true }, 'quantity'],
    [{ ...valid, email: 'x'.repeat(250) + '@example.com' }, 'email'],
    [{ ...valid, email: 'jane@example.com.' }, 'email'],
    [{ ...valid, email: 42 }, 'email'],
    [{ ...valid, product: 'Support 5' }, 'product'],
    [{ ...valid, confirmation_token: ['ctoken_1'] }, 'confirmation_token'],
    [{ ...valid, payment_method: 'pm_card_visa' }, 'confirmation_token'],
    [{ ...valid, confirmation_token: undefined }, 'confirmation_token'],
    [{ ...valid, stripeToken: 'card_123', confirmation_token: undefined }, 'stripeToken'],
  ])('names the field at fault in %o', (body, param) => {
    const parsed = parseChargeRequest(body);
    expect(isFieldError(parsed) && parsed.param).toBe(param);
  });

  it('refuses what is not an object', () => {
    for (const body of [null, 'text', 42, []])
      expect(isFieldError(parseChargeRequest(body))).toBe(true);
  });
});
