import type Stripe from 'stripe';
import { unixNow } from './ids';
import type { View } from './views';

/**
 * A coupon's `valid`: whether it can still be redeemed, which Stripe works out when it is read (its
 * `redeem_by` may have passed since it was written).
 */
export function couponIsValid(coupon: Stripe.Coupon): boolean {
  return (
    (coupon.redeem_by === null || coupon.redeem_by > unixNow()) &&
    (coupon.max_redemptions === null || coupon.times_redeemed < coupon.max_redemptions)
  );
}

/** Includable fields: kept in storage, shown only when a request names them in `expand[]`. */
const INCLUDABLE = ['applies_to', 'currency_options'] as const;

/**
 * A coupon as responses and events show it: `valid` as of now, `applies_to` and `currency_options`
 * only when `expanded` names them.
 */
export function showCoupon(
  coupon: Stripe.Coupon,
  expanded: ReadonlySet<string> = new Set(),
): Stripe.Coupon {
  const shown: Stripe.Coupon = { ...coupon, valid: couponIsValid(coupon) };
  for (const field of INCLUDABLE) if (!expanded.has(field)) delete shown[field];
  return shown;
}

/** The view of coupons in responses (views.ts). */
export const couponView: View<Stripe.Coupon> = { paths: INCLUDABLE, present: showCoupon };
