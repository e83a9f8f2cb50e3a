import { describe, expect, it } from 'vitest';
import { findProduct } from '../catalog';
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
      cart: {
        currency: 'usd',
        lines: [{ product: findProduct('support-5'), quantity: 2, subtotal: 1000 }],
        subtotal: 1000,
      },
      promotionCode: null,
      shipping: null,
      expected: null,
      email: 'jane@example.com',
      source: { kind: 'confirmation_token', id: 'ctoken_123' },
    });
  });

  it('reads the total the page showed, from JSON or a form, its currency in lowercase', () => {
    const json = { ...valid, expected_total: 1000, expected_currency: 'USD' };
    const form = { ...valid, expected_total: '1000', expected_currency: 'usd' };
    for (const body of [json, form])
      expect(parseChargeRequest(body)).toMatchObject({
        expected: { total: 1000, currency: 'usd' },
      });
  });

  it('accepts a form post with string quantities and a legacy stripeToken', () => {
    const { confirmation_token: _, ...rest } = valid;
    expect(parseChargeRequest({ ...rest, quantity: '3', stripeToken: 'tok_visa' })).toMatchObject({
      cart: { lines: [{ quantity: 3 }] },
      source: { kind: 'token', id: 'tok_visa' },
    });
  });

  it('accepts a cart of items and a promotion code', () => {
    const { product: _, quantity: __, ...rest } = valid;
    expect(
      parseChargeRequest({
        ...rest,
        items: [
          { product: 'support-5', quantity: 1 },
          { product: 'handbook', quantity: 2 },
        ],
        promotion_code: 'SPRING20',
      }),
    ).toMatchObject({ cart: { subtotal: 4100 }, promotionCode: 'SPRING20' });
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
    [{ ...valid, product: 'nope' }, 'product'],
    [{ ...valid, items: [] }, 'items'],
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
