/**
 * A quote: a cart priced by the server, with its promotion code applied by Stripe's rules, its
 * shipping (src/shipping) and its tax (src/tax). POST /quote answers with it, and POST /charge
 * charges exactly its total. Asking Stripe (for the code, or the tax) and the ledger (for the
 * code's redemptions) is needed only when a code is given, or tax is calculated.
 */
import { taxBehaviorOf } from '../catalog';
import type { Locale, Text } from '../i18n';
import type { OrderLine } from '../ledger';
import { redemptionsOf } from '../ledger';
import type { LogFields } from '../log';
import { formatMoney } from '../money';
import { amountStep } from '../money/format.js';
import { STRIPE_MAX_AMOUNT } from '../money/stripe-limits';
import { memo } from '../memo';
import { findPromotionCode } from '../promotion/lookup';
import {
  applyPromotion,
  isRefusal,
  redemptionLimits,
  tooLittleLeft,
  type AppliedPromotion,
  type PromotionRefusal,
} from '../promotion/rules';
import type { StripeBudget } from '../stripe/call';
import type { Stripe } from '../stripe/client';
import { chooseRate, pricedRates, rateName, SHIPPING, type Shipping } from '../shipping';
import { calculateTax, type Tax } from '../tax/calculate';
import { addressPending, type CartRequest, type PricedCart } from '.';
import {
  CART_MESSAGES,
  discountDescription,
  PROMOTION_MESSAGES,
  SHIPPING_MESSAGES,
} from './messages';
import { spreadDiscount } from './spread';

/** One line of a quote (JSON, snake_case, integer minor units). */
export interface QuoteLine {
  product: string;
  name: string;
  quantity: number;
  unit_amount: number;
  /** unit_amount × quantity. */
  subtotal: number;
  /** This line's share of the discount. */
  discount: number;
  /** subtotal − discount: the lines' amounts add up to the total. */
  amount: number;
}

/** The answer of POST /quote. */
export interface Quote {
  currency: string;
  lines: QuoteLine[];
  subtotal: number;
  discount: { code: string; amount: number; description: string } | null;
  /**
   * The rate picked (or the cheapest), its name and price, and every rate to the address's
   * country priced (for the customer to pick from); null with nothing to send.
   */
  shipping: {
    rate: string;
    name: string;
    amount: number;
    rates: { rate: string; name: string; amount: number }[];
  } | null;
  /**
   * Tax added to the total (exclusive tax), tax already inside the prices (inclusive tax, which
   * the total does not add again: the page says it under the total, as the receipt does), and
   * Stripe Tax's calculation (null without one).
   */
  tax: { amount: number; included: number; calculation: string | null };
  /** subtotal − discount + shipping + tax. */
  total: number;
}

/** What a checkout adds to its goods: where it is sent and for how much, and its tax. */
export interface Extras {
  shipping: (Shipping & { rateName: string; amount: number }) | null;
  tax: Tax;
}

/** No shipping, no tax: a cart with nothing to send, priced without Stripe Tax. */
const NO_EXTRAS: Extras = {
  shipping: null,
  tax: { amount: 0, included: 0, calculation: null, expiresAt: null },
};

/** A priced cart: its quote, or why its promotion code does not apply and the quote without it. */
export type Pricing =
  | { kind: 'quoted'; quote: Quote; promotion: AppliedPromotion | null; extras: Extras }
  | { kind: 'refused'; refusal: PromotionRefusal; message: Text; quote: Quote }
  /** The shipping choice cannot be priced, or Stripe Tax cannot place the address. */
  | { kind: 'invalid'; param: string; message: Text }
  /**
   * Stripe could not be asked about the code (`code`) or the tax (`tax`); `refused`: Stripe
   * refused the shop's tax set-up, which no retry changes (the shop cannot take the payment).
   */
  | { kind: 'unavailable'; about: 'code' | 'tax'; refused?: boolean };

export interface PricingContext {
  db: D1Database;
  /** The Stripe client, made only when a code must be looked up. */
  stripe: () => Promise<Stripe>;
  /** Stripe calls of a promotion code lookup (and of the tax, unless `taxBudget` says otherwise). */
  budget: StripeBudget;
  /** Stripe calls of the tax calculation, when they draw on another budget than the lookup's. */
  taxBudget?: StripeBudget;
  /** The reader's locale: the amounts in messages, the discount's description in its words. */
  locale: Locale;
  /** `stripe`: Stripe Tax calculates the tax of a cart sent to an address (TAX_CALCULATION). */
  tax: 'stripe' | 'none';
  /**
   * Whose pricing this is: the checkout's id, or `quote`. It makes Stripe Tax's idempotency keys
   * the checkout's, and leaves the checkout's own order out of its code's redemptions.
   */
  scope: string;
  /** The Worker's clock (ms), for expiry: injectable for tests. */
  now?: number;
  /** Adds to the request's log line (why Stripe Tax gave no tax: its error code). */
  note?: (fields: LogFields) => void;
}

/** A percentage in a locale's way ("20 %", "20%"): built once per locale, like money's formatters. */
const percentFormat = memo(
  100,
  (tag: string) => new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 2 }),
);

/** What a discount is called: its coupon's name, or what it takes off ("20% off", "$2.00 off"). */
function describe(promotion: AppliedPromotion, currency: string, locale: Locale): string {
  if (promotion.name) return promotion.name;
  const off =
    'percentOff' in promotion.off
      ? percentFormat(locale.tag).format(promotion.off.percentOff / 100)
      : formatMoney(promotion.off.amountOff, currency, locale.tag);
  return locale.t(discountDescription(off));
}

/** The quote of a cart, with a promotion that applies to it (or none). */
export function quoteOf(
  cart: PricedCart,
  promotion: AppliedPromotion | null,
  locale: Locale,
  extras: Extras = NO_EXTRAS,
): Quote {
  const discount = promotion?.amount ?? 0;
  const shipping = extras.shipping;
  const shares = spreadDiscount(
    cart.lines.map((line) => line.subtotal),
    discount,
    amountStep(cart.currency),
  );
  return {
    currency: cart.currency,
    lines: cart.lines.map((line, i) => ({
      product: line.product.id,
      name: line.product.name,
      quantity: line.quantity,
      unit_amount: line.product.unitAmount,
      subtotal: line.subtotal,
      discount: shares[i]!,
      amount: line.subtotal - shares[i]!,
    })),
    subtotal: cart.subtotal,
    discount: promotion && {
      code: promotion.code,
      amount: discount,
      description: describe(promotion, cart.currency, locale),
    },
    // Named in the reader's language; the order keeps the rate's default name (shipping.rateName).
    shipping: shipping && {
      rate: shipping.rate,
      name: rateName(shipping.rate, locale.language, shipping.rateName),
      amount: shipping.amount,
      rates: pricedRates(SHIPPING, shipping.address.country, cart.subtotal - discount).map(
        ({ rate, amount }) => ({ rate: rate.id, name: rateName(rate.id, locale.language), amount }),
      ),
    },
    tax: {
      amount: extras.tax.amount,
      included: extras.tax.included,
      calculation: extras.tax.calculation,
    },
    total: cart.subtotal - discount + (shipping?.amount ?? 0) + extras.tax.amount,
  };
}

type Failed = Extract<Pricing, { kind: 'invalid' | 'unavailable' }>;

/**
 * The shipping and tax of a cart whose goods come to `shares` (each line's discount share): the
 * rate picked (or the cheapest) to the address, and Stripe Tax's calculation when asked for.
 */
export async function extrasOf(
  ctx: PricingContext,
  request: CartRequest,
  discounts: number[],
): Promise<Extras | Failed> {
  const choice = request.shipping;
  if (!choice) return NO_EXTRAS;
  const { cart } = request;
  const goods = cart.subtotal - discounts.reduce((sum, share) => sum + share, 0);
  const picked = chooseRate(SHIPPING, choice.address.country, goods, choice.rate);
  if (!picked) return { kind: 'invalid', param: 'shipping[rate]', message: SHIPPING_MESSAGES.rate };
  const shipping = {
    ...choice,
    rate: picked.rate.id,
    rateName: picked.rate.name,
    amount: picked.amount,
  };
  if (ctx.tax === 'none') return { ...NO_EXTRAS, shipping };
  const taxed = await calculateTax(
    await ctx.stripe(),
    {
      currency: cart.currency,
      lines: cart.lines.map((line, i) => ({
        reference: line.product.id,
        amount: line.subtotal - discounts[i]!,
        quantity: line.quantity,
        taxCode: line.product.taxCode,
        taxBehavior: taxBehaviorOf(line.product),
      })),
      shipping: { amount: shipping.amount, taxCode: picked.rate.taxCode },
      address: choice.address,
      scope: ctx.scope,
    },
    ctx.taxBudget ?? ctx.budget,
  );
  switch (taxed.kind) {
    case 'taxed':
      return { shipping, tax: taxed.tax };
    case 'invalid_address':
      return { kind: 'invalid', param: taxed.param, message: taxed.message };
    case 'unavailable':
      ctx.note?.(taxed.log);
      return { kind: 'unavailable', about: 'tax', refused: taxed.refused };
  }
}

/** The quote of a cart with a promotion (or none), its shipping and tax priced. */
export async function fullQuote(
  ctx: PricingContext,
  request: CartRequest,
  promotion: AppliedPromotion | null,
): Promise<{ quote: Quote; extras: Extras } | Failed> {
  const plain = quoteOf(request.cart, promotion, ctx.locale);
  const extras = await extrasOf(
    ctx,
    request,
    plain.lines.map((line) => line.discount),
  );
  if ('kind' in extras) return extras;
  // Nothing to send: the quote already made is the whole one (quoteOf's default is NO_EXTRAS).
  if (extras === NO_EXTRAS) return { quote: plain, extras };
  const quote = quoteOf(request.cart, promotion, ctx.locale, extras);
  // Shipping and tax on top of goods within Stripe's maximum may pass it: one payment cannot
  // be more (Stripe would refuse the PaymentIntent), said before the customer pays.
  if (quote.total > STRIPE_MAX_AMOUNT)
    return { kind: 'invalid', param: 'items', message: CART_MESSAGES.tooLarge };
  return { quote, extras };
}

/** The customer's sentence for a refused code. */
export function refusalMessage(refusal: PromotionRefusal, currency: string, locale: Locale): Text {
  const amount = formatMoney(refusal.amount ?? 0, currency, locale.tag);
  switch (refusal.reason) {
    case 'currency':
      return PROMOTION_MESSAGES.currency(currency);
    case 'minimum':
    case 'total_too_small':
      return PROMOTION_MESSAGES[refusal.reason](amount);
    default:
      return PROMOTION_MESSAGES[refusal.reason];
  }
}

/** An order's lines as the ledger keeps them. */
export function orderLines(quote: Quote): OrderLine[] {
  return quote.lines.map(({ product, name, quantity, unit_amount, discount, amount }) => ({
    product,
    name,
    quantity,
    unit_amount,
    discount,
    amount,
  }));
}

/**
 * Prices a cart request: the catalog's prices, and the promotion code as Stripe and the ledger
 * say it applies now. Writes nothing.
 */
export async function priceCart(ctx: PricingContext, request: CartRequest): Promise<Pricing> {
  const { cart, promotionCode } = request;
  const quoted = async (promotion: AppliedPromotion | null): Promise<Pricing> => {
    const full = await fullQuote(ctx, request, promotion);
    return 'kind' in full ? full : { kind: 'quoted', promotion, ...full };
  };
  if (promotionCode === null) return quoted(null);
  const refused = async (refusal: PromotionRefusal): Promise<Pricing> => {
    const without = await fullQuote(ctx, request, null);
    if ('kind' in without) return without;
    return {
      kind: 'refused',
      refusal,
      message: refusalMessage(refusal, cart.currency, ctx.locale),
      quote: without.quote,
    };
  };

  const now = ctx.now ?? Date.now();
  const lookup = await findPromotionCode(await ctx.stripe(), promotionCode, ctx.budget, now);
  if (lookup.kind === 'unavailable') return { kind: 'unavailable', about: 'code' };
  if (lookup.kind !== 'found') return refused({ reason: lookup.kind });
  const code = lookup.code;
  const coupon = typeof code.promotion.coupon === 'object' ? code.promotion.coupon : null;
  // The shop's redemptions matter only to a code (or coupon) with a limit: no read otherwise.
  const limits = redemptionLimits(code);
  const promotion = applyPromotion(code, {
    currency: cart.currency,
    subtotal: cart.subtotal,
    now: Math.floor(now / 1000),
    redeemed:
      limits.code !== null || limits.coupon !== null
        ? await redemptionsOf(ctx.db, code.id, coupon?.id ?? '', limits, ctx.scope)
        : { code: 0, coupon: 0 },
  });
  if (isRefusal(promotion)) return refused(promotion);
  const priced = await quoted(promotion);
  // Before the address, the shipping is still to come: POST /charge has it, and checks.
  const tooLittle =
    priced.kind === 'quoted' &&
    !addressPending(request) &&
    tooLittleLeft(priced.quote.total, cart.currency);
  return tooLittle ? refused(tooLittle) : priced;
}
