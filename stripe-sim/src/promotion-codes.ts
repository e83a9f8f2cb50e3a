import type Stripe from 'stripe';
import { showCoupon } from './coupons';
import type { Store } from './store';
import type { View } from './views';

/**
 * A promotion code as responses and events show it: `restrictions.currency_options` only when
 * `expanded` names it, and the coupon (`promotion.coupon`) or customer in full when expanded. The
 * coupon sits under `promotion`, as in API versions from 2025-09-30.clover on (stripe-node 23 pins
 * 2026-10-28.endive); older versions had a top-level `coupon`.
 */
export function showPromotionCode(
  code: Stripe.PromotionCode,
  expanded: ReadonlySet<string> = new Set(),
  store?: Store,
): Stripe.PromotionCode {
  const { currency_options: currencyOptions, ...restrictions } = code.restrictions;
  const shown: Stripe.PromotionCode = {
    ...code,
    restrictions: {
      ...restrictions,
      ...(expanded.has('restrictions.currency_options') && {
        currency_options: currencyOptions ?? {},
      }),
    },
  };
  const couponId = code.promotion.coupon;
  if (store && expanded.has('promotion.coupon') && typeof couponId === 'string') {
    const coupon = store.get('coupon', couponId);
    // A deleted coupon is gone, as at Stripe: the id stays.
    if (coupon) shown.promotion = { ...code.promotion, coupon: showCoupon(coupon) };
  }
  if (store && expanded.has('customer') && typeof code.customer === 'string')
    shown.customer = (store.find(code.customer) as Stripe.Customer | undefined) ?? code.customer;
  return shown;
}

/** The view of promotion codes in responses (views.ts). */
export const promotionCodeView: View<Stripe.PromotionCode> = {
  paths: ['promotion.coupon', 'customer', 'restrictions.currency_options'],
  present: showPromotionCode,
};

/** Whether two codes clash: Stripe keeps codes unique, regardless of case, per customer. */
export const sameCode = (a: Stripe.PromotionCode, code: string, customer: string | null) =>
  a.code.toLowerCase() === code.toLowerCase() &&
  (typeof a.customer === 'string' ? a.customer : (a.customer?.id ?? null)) === customer;
