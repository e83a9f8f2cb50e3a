/**
 * Finding a promotion code the customer typed, at Stripe: merchants create Coupons and Promotion
 * Codes in the Stripe Dashboard, and the Worker asks `GET /v1/promotion_codes?code=…&active=true`
 * with the coupon expanded, then the coupon's fields Stripe shows only on request (`applies_to`,
 * `currency_options`: `GET /v1/coupons/:id`, as they cannot be expanded through the list). A code
 * nobody has active is looked up once more without `active` (its coupon expanded), to tell the
 * customer why: Stripe reports a code inactive as soon as its coupon is no longer valid, so a code
 * past its (or its coupon's) expiry is told `expired`, one whose coupon ran out of redemptions
 * `used_up`, any other `inactive` (switched off), and no code at all `unknown`. At most two Stripe
 * reads per code, then.
 *
 * Answers are kept per isolate for at most CODE_CACHE_MS, so that a cart changing its quantities
 * (a quote each time) or paying does not ask Stripe again: a code switched off at Stripe may thus
 * apply for up to a minute more. Time-based rules (expiry) are applied at each use, to the cached
 * code, and redemptions are counted in the ledger at each use (src/promotion/rules.ts).
 */
import type Stripe from 'stripe';
import { callStripe, type StripeBudget } from '../stripe/call';
import { pastExpiry } from './rules';

/** How long a looked-up code is reused by the isolate, in ms. */
export const CODE_CACHE_MS = 60_000;

/** Codes the isolate keeps at most (customers type anything: the cache must stay small). */
const CACHE_LIMIT = 500;

/** The characters of a Stripe promotion code: anything else is no code, without asking Stripe. */
const CODE = /^[A-Za-z0-9-]{1,200}$/;

/** A code as its rules read it: its coupon, and its minimum order in other currencies. */
const EXPAND = ['data.promotion.coupon', 'data.restrictions.currency_options'];

type CodeLookup =
  /** An active code for anyone or some customers, its coupon expanded (rules decide the rest). */
  | { kind: 'found'; code: Stripe.PromotionCode }
  /** The code exists, switched off. */
  | { kind: 'inactive' }
  /** The code exists, inactive because it (or its coupon) is past its expiry. */
  | { kind: 'expired' }
  /** The code exists, inactive because it (or its coupon) was redeemed its most times. */
  | { kind: 'used_up' }
  /** No such code. */
  | { kind: 'unknown' }
  /** Stripe could not be asked: nothing is known (never cached). */
  | { kind: 'unavailable' };

interface Cached {
  expires: number;
  lookup: Promise<CodeLookup>;
}

/** One cache per Stripe client, so that another key (another account) never sees these codes. */
const caches = new WeakMap<Stripe, Map<string, Cached>>();

/** The code itself: the active one open to anyone if there is one (codes differ per customer). */
function pick(codes: Stripe.PromotionCode[]): Stripe.PromotionCode | undefined {
  return codes.find((code) => code.customer === null) ?? codes[0];
}

/** The id of a code's coupon, expanded or not. */
function couponIdOf(code: Stripe.PromotionCode): string | null {
  const coupon = code.promotion.coupon;
  return typeof coupon === 'string' ? coupon : (coupon?.id ?? null);
}

/**
 * Why a code nobody has active is inactive, its coupon expanded (`now` in Unix seconds): Stripe
 * switches a code off once its coupon is past `redeem_by` or fully redeemed.
 */
function whyInactive(code: Stripe.PromotionCode, now: number): CodeLookup {
  const coupon = code.promotion.coupon;
  const expanded = coupon !== null && typeof coupon === 'object' ? coupon : null;
  if (pastExpiry(code, expanded, now)) return { kind: 'expired' };
  const full = (max: number | null | undefined, redeemed: number | undefined) =>
    max !== null && max !== undefined && redeemed !== undefined && redeemed >= max;
  if (
    full(code.max_redemptions, code.times_redeemed) ||
    full(expanded?.max_redemptions, expanded?.times_redeemed)
  )
    return { kind: 'used_up' };
  return { kind: 'inactive' };
}

async function ask(
  stripe: Stripe,
  text: string,
  budget: StripeBudget,
  now: number,
): Promise<CodeLookup> {
  const active = await callStripe(
    (options) =>
      stripe.promotionCodes.list({ code: text, active: true, limit: 10, expand: EXPAND }, options),
    budget,
  );
  if (active.kind !== 'ok') return { kind: 'unavailable' };
  const found = pick(active.value.data);
  if (found) {
    const couponId = couponIdOf(found);
    if (!couponId) return { kind: 'inactive' };
    const coupon = await callStripe(
      (options) =>
        stripe.coupons.retrieve(couponId, { expand: ['applies_to', 'currency_options'] }, options),
      budget,
    );
    // A coupon deleted meanwhile is gone: its codes no longer apply.
    if (coupon.kind === 'stripe_error' && coupon.error.statusCode === 404)
      return { kind: 'inactive' };
    if (coupon.kind !== 'ok') return { kind: 'unavailable' };
    return {
      kind: 'found',
      code: { ...found, promotion: { ...found.promotion, coupon: coupon.value } },
    };
  }
  const any = await callStripe(
    (options) =>
      stripe.promotionCodes.list(
        { code: text, limit: 1, expand: ['data.promotion.coupon'] },
        options,
      ),
    budget,
  );
  if (any.kind !== 'ok') return { kind: 'unavailable' };
  const inactive = any.value.data[0];
  return inactive ? whyInactive(inactive, Math.floor(now / 1000)) : { kind: 'unknown' };
}

/**
 * The promotion code `text` (any case) at Stripe, from the isolate's cache when it was asked in
 * the last CODE_CACHE_MS. Concurrent requests for one code share one lookup.
 */
export function findPromotionCode(
  stripe: Stripe,
  text: string,
  budget: StripeBudget,
  now: number = Date.now(),
): Promise<CodeLookup> {
  if (!CODE.test(text)) return Promise.resolve({ kind: 'unknown' });
  let cache = caches.get(stripe);
  if (!cache) caches.set(stripe, (cache = new Map()));
  const key = text.toLowerCase();
  const cached = cache.get(key);
  if (cached && cached.expires > now) return cached.lookup;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  const lookup = ask(stripe, text, budget, now);
  const entry = { expires: now + CODE_CACHE_MS, lookup };
  cache.set(key, entry);
  // A lookup that could not reach Stripe is forgotten at once: the next request asks again.
  void lookup.then((result) => {
    if (result.kind === 'unavailable' && cache.get(key) === entry) cache.delete(key);
  });
  return lookup;
}
