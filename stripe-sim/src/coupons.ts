import type Stripe from 'stripe';
import { unixNow } from './ids';

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

/** A coupon as it reads now (the store reads every coupon through it). */
export const withValidity = (coupon: Stripe.Coupon): Stripe.Coupon => ({
  ...coupon,
  valid: couponIsValid(coupon),
});
