import type Stripe from 'stripe';
import { couponIsValid } from '../coupons';
import { newId } from '../ids';
import { formatAmount } from '../pages/layout';
import type { Store } from '../store';
import type { StoredSession } from './stored';
import type { Reduction } from './totals';

/**
 * Whether a coupon or promotion code applies to a Checkout Session, by Stripe's rules: the code is
 * active, not expired, not used up; reserved for a customer, it is that session's customer's; for
 * a first purchase, the session's customer (or the customers of its email) never paid; its coupon
 * still exists, is valid, and has an amount in the session's currency; the order meets the code's
 * minimum. The reasons are worded for the customer (the hosted page shows them) and serve as the
 * API's error messages too.
 */

/** What a session is, for a discount: its currency, its lines' subtotal, who pays, and now. */
interface DiscountTarget {
  currency: string;
  subtotal: number;
  now: number;
  /** The session's customer (an id), if it names one. */
  customer: string | null;
  /** The email the session was given or the customer typed, if any. */
  email: string | null;
}

/** A session as a discount sees it, now. */
export function discountTarget(session: StoredSession, now: number): DiscountTarget {
  const { customer } = session;
  return {
    currency: session.currency ?? '',
    subtotal: session.amount_subtotal ?? 0,
    now,
    customer: typeof customer === 'string' ? customer : (customer?.id ?? null),
    email: session.customer_details?.email ?? session.customer_email ?? null,
  };
}

/**
 * Whether the session's customer has paid before (a succeeded charge): the customer it names, or,
 * for a guest, any customer of its email, as Stripe tells a first-time transaction.
 */
function paidBefore(store: Store, target: DiscountTarget): boolean {
  const email = target.email?.toLowerCase();
  const payers = target.customer
    ? [target.customer]
    : email
      ? store
          .list('customer', {
            limit: 100,
            where: (c) => !c.deleted && c.email?.toLowerCase() === email,
          })
          .data.map((customer) => customer.id)
      : [];
  if (!payers.length) return false;
  return (
    store.list('charge', {
      limit: 1,
      where: (charge) =>
        charge.status === 'succeeded' &&
        typeof charge.customer === 'string' &&
        payers.includes(charge.customer),
    }).data.length > 0
  );
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
  const owner = typeof code.customer === 'string' ? code.customer : (code.customer?.id ?? null);
  // Stripe's words for a first purchase; for another customer's code, the simulator's own.
  if (owner !== null && owner !== target.customer)
    return 'This promotion code cannot be redeemed because it is reserved for another customer.';
  if (code.restrictions.first_time_transaction && paidBefore(store, target))
    return (
      'This promotion code cannot be redeemed because the associated customer has prior ' +
      'transactions.'
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

/**
 * The code a customer typed: active codes are unique regardless of case for each customer, so
 * several may share the text (one per customer, one for all); the first that `usable` accepts,
 * else the first active one (whose refusal then says why), else any.
 */
export function findPromotionCode(
  store: Store,
  text: string,
  usable: (code: Stripe.PromotionCode) => boolean,
): Stripe.PromotionCode | undefined {
  const wanted = text.trim().toLowerCase();
  const matches = store.list('promotion_code', {
    limit: 100,
    where: (code) => code.code.toLowerCase() === wanted,
  }).data;
  return matches.find(usable) ?? matches.find((code) => code.active) ?? matches[0];
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
