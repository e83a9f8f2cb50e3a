import type Stripe from 'stripe';
import { couponIsValid } from '../coupons';
import { newId } from '../ids';
import { formatAmount } from '../pages/layout';
import type { Store } from '../store';
import type { Reduction } from './totals';

/**
 * Whether a coupon or promotion code applies to a Checkout Session, by Stripe's rules: the code is
 * active, not expired, not used up, not reserved for a customer or a first purchase; its coupon
 * still exists, is valid, and has an amount in the session's currency; the order meets the code's
 * minimum. The reasons are worded for the customer (the hosted page shows them) and serve as the
 * API's error messages too.
 */

/** What a session is, for a discount: its currency, its lines' subtotal, and now. */
export interface DiscountTarget {
  currency: string;
  subtotal: number;
  now: number;
}

/** A coupon's reduction in the session's currency, or why it has none. */
export function couponReduction(coupon: Stripe.Coupon, currency: string): Reduction | string {
  if (coupon.percent_off !== null) return { percentOff: coupon.percent_off };
  const amount =
    coupon.currency === currency
      ? coupon.amount_off
      : coupon.currency_options?.[currency]?.amount_off;
  if (amount === null || amount === undefined)
    return `This discount cannot be used for payments in ${currency.toUpperCase()}.`;
  return { amountOff: amount };
}

/** Why a coupon cannot be applied (deleted coupons are gone from the store), or null. */
export function couponProblem(coupon: Stripe.Coupon | undefined, target: DiscountTarget) {
  if (!coupon || !couponIsValid(coupon)) return 'This discount is no longer available.';
  const reduction = couponReduction(coupon, target.currency);
  return typeof reduction === 'string' ? reduction : null;
}

/** The code's minimum order in the session's currency: undefined when the code has none there. */
function minimumIn(code: Stripe.PromotionCode, currency: string): number | null | undefined {
  const { restrictions } = code;
  if (restrictions.minimum_amount === null) return null;
  if (restrictions.minimum_amount_currency === currency) return restrictions.minimum_amount;
  return restrictions.currency_options?.[currency]?.minimum_amount;
}

/** Why a promotion code cannot be applied to the session, or null when it can. */
export function promotionCodeProblem(
  store: Store,
  code: Stripe.PromotionCode,
  target: DiscountTarget,
): string | null {
  if (!code.active) return 'This promotion code is no longer active.';
  if (code.expires_at !== null && code.expires_at <= target.now)
    return 'This promotion code has expired.';
  if (code.max_redemptions !== null && code.times_redeemed >= code.max_redemptions)
    return 'This promotion code has been used the maximum number of times.';
  if (code.customer !== null) return 'This promotion code is reserved for a particular customer.';
  if (code.restrictions.first_time_transaction)
    return (
      'This promotion code is for first-time customers only, and this checkout has no customer ' +
      'account to check that against.'
    );
  const coupon = store.get('coupon', code.promotion.coupon as string);
  const problem = couponProblem(coupon, target);
  if (problem) return problem;
  const minimum = minimumIn(code, target.currency);
  if (minimum === undefined)
    return `This promotion code cannot be used for payments in ${target.currency.toUpperCase()}.`;
  if (minimum !== null && target.subtotal < minimum)
    return (
      `This promotion code needs an order of at least ${formatAmount(minimum, target.currency)} ` +
      '(before shipping and tax).'
    );
  return null;
}

/** The active code a customer typed (codes are unique among active ones, regardless of case). */
export function findPromotionCode(store: Store, text: string): Stripe.PromotionCode | undefined {
  const wanted = text.trim().toLowerCase();
  const matches = store.list('promotion_code', {
    limit: 100,
    where: (code) => code.code.toLowerCase() === wanted,
  }).data;
  return matches.find((code) => code.active) ?? matches[0];
}

/** The Discount object Stripe attaches to a session for a coupon (and the code it came through). */
export function discountObject(
  sessionId: string,
  coupon: Stripe.Coupon,
  promotionCode: Stripe.PromotionCode | null,
  start: number,
): Stripe.Discount {
  return {
    id: newId('di'),
    object: 'discount',
    checkout_session: sessionId,
    customer: null,
    customer_account: null,
    end: null,
    invoice: null,
    invoice_item: null,
    promotion_code: promotionCode?.id ?? null,
    source: { coupon: coupon.id, type: 'coupon' },
    start,
    subscription: null,
    subscription_item: null,
  };
}
