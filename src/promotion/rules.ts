/**
 * Whether a Stripe promotion code applies to a cart, by Stripe's rules, and how much it takes
 * off. Pure: the code (with its coupon) comes from Stripe (./lookup.ts), the shop's own
 * redemptions from the ledger; `now` is the Worker's clock, in Unix seconds.
 *
 * A PaymentIntent does not redeem a code at Stripe (only Checkout, invoices and subscriptions do),
 * so `times_redeemed` counts Stripe's redemptions and the ledger counts the shop's: the limits
 * left for the shop are Stripe's `max_redemptions` less Stripe's `times_redeemed`.
 */
import type Stripe from 'stripe';
import { amountStep } from '../money/format.js';
import { minimumCharge } from '../money/stripe-limits';

/** Why a code does not apply; `PROMOTION_MESSAGES` (src/cart/messages.ts) words each. */
export type RefusalReason =
  | 'unknown'
  | 'inactive'
  | 'expired'
  | 'used_up'
  | 'restricted'
  | 'products'
  | 'currency'
  | 'minimum'
  | 'total_too_small';

export interface PromotionRefusal {
  reason: RefusalReason;
  /** The amount the reason names (`minimum`, `total_too_small`), in the cart's currency. */
  amount?: number;
}

/** How much of a limited code (and its coupon) the shop may still redeem; null: no limit. */
export interface RedemptionLimits {
  code: number | null;
  coupon: number | null;
}

/** A code that applies, and what it takes off the cart. */
export interface AppliedPromotion {
  /** The code as Stripe spells it. */
  code: string;
  promotionCodeId: string;
  couponId: string;
  /** Taken off the subtotal, in minor units (at most the subtotal). */
  amount: number;
  /** The coupon's name, or what it takes off: `{ percentOff: 20 }` or `{ amountOff: 200 }`. */
  name: string | null;
  off: { percentOff: number } | { amountOff: number };
  limits: RedemptionLimits;
}

/** A cart as a discount sees it. */
export interface DiscountTarget {
  currency: string;
  subtotal: number;
  /** Unix seconds. */
  now: number;
  /** The shop's redemptions in the ledger, of this code and of its coupon. */
  redeemed: { code: number; coupon: number };
}

const refuse = (reason: RefusalReason, amount?: number): PromotionRefusal =>
  amount === undefined ? { reason } : { reason, amount };

/** `max_redemptions` less Stripe's own redemptions, or null when there is no limit. */
const left = (max: number | null, redeemed: number) => (max === null ? null : max - redeemed);

/**
 * What the shop may still redeem of a code and of its coupon (none for a coupon Stripe did not
 * expand): the ledger counts its redemptions only up to these (src/ledger, redemptionsOf).
 */
export function redemptionLimits(code: Stripe.PromotionCode): RedemptionLimits {
  const coupon = code.promotion.coupon;
  return {
    code: left(code.max_redemptions, code.times_redeemed),
    coupon:
      coupon !== null && typeof coupon === 'object'
        ? left(coupon.max_redemptions, coupon.times_redeemed)
        : null,
  };
}

/** The code's minimum order in the cart's currency: null for none, undefined when it has none there. */
function minimumIn(code: Stripe.PromotionCode, currency: string): number | null | undefined {
  const { restrictions } = code;
  if (restrictions.minimum_amount === null) return null;
  if (restrictions.minimum_amount_currency === currency) return restrictions.minimum_amount;
  return restrictions.currency_options?.[currency]?.minimum_amount;
}

/**
 * numerator / denominator rounded half up (the customer's favour on a tie) to a multiple of
 * `step`, in integers: Stripe takes a KWD total only ending in 0, so 12.5 % off 1230 is 150.
 */
const halfUp = (numerator: number, denominator: number, step: number) =>
  Math.floor((2 * numerator + denominator * step) / (2 * denominator * step)) * step;

/** The amount a coupon takes off in the cart's currency, or why it cannot. */
function offOf(
  coupon: Stripe.Coupon,
  currency: string,
  subtotal: number,
): { amount: number; off: AppliedPromotion['off'] } | PromotionRefusal {
  const step = amountStep(currency);
  if (coupon.percent_off !== null) {
    // Hundredths of a percent, in integers: 12.5 % of 999 is 124.875, rounded half up to 125.
    const basisPoints = Math.round(coupon.percent_off * 100);
    const amount = halfUp(subtotal * basisPoints, 10_000, step);
    return { amount: Math.min(amount, subtotal), off: { percentOff: coupon.percent_off } };
  }
  const amountOff =
    coupon.currency === currency
      ? coupon.amount_off
      : coupon.currency_options?.[currency]?.amount_off;
  if (amountOff === null || amountOff === undefined) return refuse('currency');
  // Described as taken: on the currency's step (1.235 KWD off takes 1.240).
  const taken = halfUp(amountOff, 1, step);
  return { amount: Math.min(taken, subtotal), off: { amountOff: taken } };
}

/**
 * Whether a code is past its own `expires_at` or its coupon's `redeem_by` at `now` (Unix
 * seconds): Stripe's expiry, whether the code still reads active or not.
 */
export function pastExpiry(
  code: Pick<Stripe.PromotionCode, 'expires_at'>,
  coupon: Pick<Stripe.Coupon, 'redeem_by'> | null,
  now: number,
): boolean {
  const past = (at: number | null | undefined) => at !== null && at !== undefined && at <= now;
  return past(code.expires_at) || past(coupon?.redeem_by);
}

/**
 * Applies a promotion code (its coupon expanded) to a cart: the discount, or the first reason it
 * does not apply, checked in the order a customer can act on: active, not expired, not used up,
 * open to anyone, in this currency, above its minimum. Whether the total left is one Stripe can
 * charge is known once shipping and tax are (tooLittleLeft).
 */
export function applyPromotion(
  code: Stripe.PromotionCode,
  target: DiscountTarget,
): AppliedPromotion | PromotionRefusal {
  const coupon = code.promotion.coupon;
  if (!code.active || coupon === null || typeof coupon === 'string') return refuse('inactive');
  if (pastExpiry(code, coupon, target.now)) return refuse('expired');
  const limits = redemptionLimits(code);
  if (
    (limits.code !== null && target.redeemed.code >= limits.code) ||
    (limits.coupon !== null && target.redeemed.coupon >= limits.coupon)
  )
    return refuse('used_up');
  // Stripe marks a coupon invalid once redeem_by passes or its redemptions run out (both above).
  if (!coupon.valid) return refuse('inactive');
  // A guest checkout has no customer to match, and the shop's products are not Stripe's.
  if (
    code.customer !== null ||
    code.customer_account !== null ||
    code.restrictions.first_time_transaction
  )
    return refuse('restricted');
  if ((coupon.applies_to?.products.length ?? 0) > 0) return refuse('products');
  const off = offOf(coupon, target.currency, target.subtotal);
  if ('reason' in off) return off;
  const minimum = minimumIn(code, target.currency);
  if (minimum === undefined) return refuse('currency');
  if (minimum !== null && target.subtotal < minimum) return refuse('minimum', minimum);
  return {
    code: code.code,
    promotionCodeId: code.id,
    couponId: coupon.id,
    amount: off.amount,
    name: coupon.name,
    off: off.off,
    limits,
  };
}

/**
 * Why a discounted cart cannot be paid: its whole total (shipping and tax included, which a
 * coupon takes nothing off) below the smallest charge Stripe takes in its currency; or null.
 */
export function tooLittleLeft(total: number, currency: string): PromotionRefusal | null {
  const smallest = minimumCharge(currency);
  return total < smallest ? refuse('total_too_small', smallest) : null;
}

/** Narrows `applyPromotion`'s answer. */
export function isRefusal(value: AppliedPromotion | PromotionRefusal): value is PromotionRefusal {
  return 'reason' in value;
}
