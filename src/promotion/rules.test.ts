import fc from 'fast-check';
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { spreadDiscount } from '../cart/spread';
import { applyPromotion, tooLittleLeft, type AppliedPromotion, type DiscountTarget } from './rules';

const NOW = 1_800_000_000;

function coupon(fields: Partial<Stripe.Coupon> = {}): Stripe.Coupon {
  return {
    id: 'SPRING',
    object: 'coupon',
    amount_off: null,
    created: NOW - 100,
    currency: null,
    duration: 'once',
    duration_in_months: null,
    livemode: false,
    max_redemptions: null,
    metadata: {},
    name: null,
    percent_off: 20,
    redeem_by: null,
    times_redeemed: 0,
    valid: true,
    ...fields,
  };
}

function code(
  fields: Partial<Stripe.PromotionCode> = {},
  couponFields: Partial<Stripe.Coupon> = {},
): Stripe.PromotionCode {
  return {
    id: 'promo_1',
    object: 'promotion_code',
    active: true,
    code: 'SPRING20',
    created: NOW - 100,
    customer: null,
    customer_account: null,
    expires_at: null,
    livemode: false,
    max_redemptions: null,
    metadata: {},
    promotion: { type: 'coupon', coupon: coupon(couponFields) },
    restrictions: {
      first_time_transaction: false,
      minimum_amount: null,
      minimum_amount_currency: null,
    },
    times_redeemed: 0,
    ...fields,
  };
}

const cart = (fields: Partial<DiscountTarget> = {}): DiscountTarget => ({
  currency: 'usd',
  subtotal: 2900,
  now: NOW,
  redeemed: { code: 0, coupon: 0 },
  ...fields,
});

describe('applyPromotion', () => {
  it('takes 20 % off, with no limit left to count', () => {
    expect(applyPromotion(code(), cart())).toEqual({
      code: 'SPRING20',
      promotionCodeId: 'promo_1',
      couponId: 'SPRING',
      amount: 580,
      name: null,
      off: { percentOff: 20 },
      limits: { code: null, coupon: null },
    });
  });

  it('rounds a percentage half up, in whole minor units', () => {
    expect(applyPromotion(code({}, { percent_off: 12.5 }), cart({ subtotal: 999 }))).toMatchObject({
      amount: 125,
    });
    expect(applyPromotion(code({}, { percent_off: 33.33 }), cart({ subtotal: 100 }))).toMatchObject(
      { amount: 33 },
    );
  });

  it("takes an amount off in the coupon's currency or one of its currency options", () => {
    const twoDollars = { percent_off: null, amount_off: 200, currency: 'usd' };
    expect(applyPromotion(code({}, twoDollars), cart())).toMatchObject({
      amount: 200,
      off: { amountOff: 200 },
    });
    const options = { ...twoDollars, currency_options: { eur: { amount_off: 150 } } };
    expect(applyPromotion(code({}, options), cart({ currency: 'eur' }))).toMatchObject({
      amount: 150,
    });
  });

  it('counts the limits left after Stripe’s own redemptions', () => {
    const limited = code({ max_redemptions: 5, times_redeemed: 2 }, { max_redemptions: 10 });
    expect(applyPromotion(limited, cart({ redeemed: { code: 2, coupon: 2 } }))).toMatchObject({
      limits: { code: 3, coupon: 10 },
    });
  });

  it.each([
    ['inactive', code({ active: false })],
    ['inactive', code({}, { valid: false })],
    ['expired', code({ expires_at: NOW })],
    ['expired', code({}, { redeem_by: NOW - 1, valid: false })],
    ['used_up', code({ max_redemptions: 1, times_redeemed: 1 })],
    ['used_up', code({}, { max_redemptions: 3, times_redeemed: 3, valid: false })],
    ['restricted', code({ customer: 'cus_1' })],
    [
      'restricted',
      code({
        restrictions: {
          first_time_transaction: true,
          minimum_amount: null,
          minimum_amount_currency: null,
        },
      }),
    ],
    ['products', code({}, { applies_to: { products: ['prod_1'] } })],
    ['currency', code({}, { percent_off: null, amount_off: 200, currency: 'eur' })],
  ])('refuses a code that is %s', (reason, promotionCode) => {
    expect(applyPromotion(promotionCode, cart())).toEqual({ reason });
  });

  it('refuses a code once the ledger holds its last redemption, or its coupon’s', () => {
    expect(
      applyPromotion(code({ max_redemptions: 1 }), cart({ redeemed: { code: 1, coupon: 1 } })),
    ).toEqual({ reason: 'used_up' });
    expect(
      applyPromotion(code({}, { max_redemptions: 2 }), cart({ redeemed: { code: 0, coupon: 2 } })),
    ).toEqual({ reason: 'used_up' });
  });

  describe('a minimum order', () => {
    const minimum = (amount: number, currency: string, options = {}) =>
      code({
        restrictions: {
          first_time_transaction: false,
          minimum_amount: amount,
          minimum_amount_currency: currency,
          currency_options: options,
        },
      });

    it('applies from the minimum on', () => {
      expect(applyPromotion(minimum(2900, 'usd'), cart())).toMatchObject({ amount: 580 });
    });

    it('refuses a smaller order, naming the minimum', () => {
      expect(applyPromotion(minimum(5000, 'usd'), cart())).toEqual({
        reason: 'minimum',
        amount: 5000,
      });
    });

    it('refuses another currency unless the code has a minimum in it', () => {
      expect(applyPromotion(minimum(5000, 'eur'), cart())).toEqual({ reason: 'currency' });
      expect(
        applyPromotion(minimum(5000, 'eur', { usd: { minimum_amount: 1000 } }), cart()),
      ).toMatchObject({ amount: 580 });
    });
  });

  it('takes a discount of the whole subtotal: what is left to charge is known with shipping', () => {
    expect(applyPromotion(code({}, { percent_off: 100 }), cart())).toMatchObject({ amount: 2900 });
  });

  it('refuses a total left below what Stripe charges, in its currency', () => {
    expect(tooLittleLeft(0, 'usd')).toEqual({ reason: 'total_too_small', amount: 50 });
    expect(tooLittleLeft(49, 'usd')).toEqual({ reason: 'total_too_small', amount: 50 });
    expect(tooLittleLeft(50, 'usd')).toBeNull();
    expect(tooLittleLeft(299, 'sek')).toEqual({ reason: 'total_too_small', amount: 300 });
  });

  describe("in Stripe's steps of the currency", () => {
    it('takes 12.5 % off a KWD cart of 1230 as 150, so the total 1080 ends in 0', () => {
      const kwd = cart({ currency: 'kwd', subtotal: 1230 });
      expect(applyPromotion(code({}, { percent_off: 12.5 }), kwd)).toMatchObject({ amount: 150 });
      // 12.5 % of 1240 is 155: half a step, rounded in the customer's favour.
      expect(
        applyPromotion(code({}, { percent_off: 12.5 }), { ...kwd, subtotal: 1240 }),
      ).toMatchObject({ amount: 160 });
    });

    it('rounds an amount off to the step, and ISK to whole krónur', () => {
      const off = (amount: number, currency: string) =>
        code({}, { percent_off: null, amount_off: amount, currency });
      const kwd = cart({ currency: 'kwd', subtotal: 5000 });
      expect(applyPromotion(off(1234, 'kwd'), kwd)).toMatchObject({ amount: 1230 });
      // Described as it is taken ("KWD 1.240 off"), not as the coupon says.
      expect(applyPromotion(off(1235, 'kwd'), kwd)).toMatchObject({
        amount: 1240,
        off: { amountOff: 1240 },
      });
      const isk = cart({ currency: 'isk', subtotal: 500_000 });
      expect(applyPromotion(off(12_345, 'isk'), isk)).toMatchObject({ amount: 12_300 });
      expect(applyPromotion(code({}, { percent_off: 33.33 }), isk)).toMatchObject({
        amount: 166_700,
      });
    });

    it('leaves a three-decimal cart a total on the step, its lines on it and summing to it', () => {
      const currency = fc.constantFrom('kwd', 'bhd', 'jod', 'omr', 'tnd');
      const lines = fc.array(
        fc.record({ unit: fc.integer({ min: 10, max: 9_999_999 }), quantity: fc.nat(20) }),
        { minLength: 1, maxLength: 8 },
      );
      const coupon = fc.oneof(
        fc.integer({ min: 1, max: 10_000 }).map((basis) => ({ percent_off: basis / 100 })),
        fc.integer({ min: 1, max: 99_999_999 }).map((off) => ({
          percent_off: null,
          amount_off: off,
        })),
      );
      fc.assert(
        fc.property(currency, lines, coupon, (code3, lineList, fields) => {
          // The shop's check keeps prices on the step: 10 minor units in these currencies.
          const subtotals = lineList.map(({ unit, quantity }) => (unit - (unit % 10)) * quantity);
          const subtotal = subtotals.reduce((sum, amount) => sum + amount, 0);
          const couponFields = { ...fields, currency: code3 };
          const applied = applyPromotion(
            code({}, couponFields),
            cart({ currency: code3, subtotal }),
          );
          if ('reason' in applied) return;
          const { amount } = applied as AppliedPromotion;
          expect((subtotal - amount) % 10).toBe(0);
          const shares = spreadDiscount(subtotals, amount, 10);
          expect(shares.reduce((sum, share) => sum + share, 0)).toBe(amount);
          shares.forEach((share, i) => {
            expect(share % 10).toBe(0);
            expect(share).toBeLessThanOrEqual(subtotals[i]!);
          });
        }),
      );
    });
  });
});
